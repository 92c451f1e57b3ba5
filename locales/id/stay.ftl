# Izin Tinggal: pesan API.
stay-field-invalid = Nilai ini tidak valid; periksa formatnya.
stay-field-unknown = Nilai ini tidak dikenal.
stay-field-required = Nilai ini wajib untuk jenis izin ini.
stay-field-not-allowed = GCI tidak memiliki tanggal berakhir; kosongkan isian ini.
stay-field-before-start = Tanggal berakhir lebih awal dari tanggal mulai.

# Lapor wajib, pengingat, dan daftar petugas.
stay-report-permit-not-active = Izin tinggal ini tidak aktif lagi; laporan hanya untuk izin yang aktif atau sedang diproses.
stay-report-field-required = Nilai ini wajib untuk jenis laporan ini.
stay-report-field-too-long = Nilai ini terlalu panjang.
stay-report-field-in-future = Tanggal ini belum terjadi.
stay-report-field-expired = Tanggal ini sudah lewat.
stay-list-unknown = Daftar ini tidak dikenal; gunakan ending_soon, overstaying, atau in_process.
notify-stay-permit-ending-subject = Izin tinggal { $code } berakhir pada { $date }
notify-stay-permit-ending-body = Izin tinggal Anda { $code } berakhir pada { $date }. Ajukan perpanjangan atau alih status tepat waktu, atau tinggalkan Indonesia sebelum tanggal itu; setiap hari lewat dikenai denda.
