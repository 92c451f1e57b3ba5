# Izin Tinggal: pesan API.
stay-field-invalid = Nilai ini tidak valid; periksa formatnya.
stay-field-unknown = Nilai ini tidak dikenal.
stay-field-required = Nilai ini wajib untuk jenis izin ini.
stay-field-not-allowed = GCI tidak memiliki tanggal berakhir; kosongkan isian ini.
stay-field-before-start = Tanggal berakhir lebih awal dari tanggal mulai.
