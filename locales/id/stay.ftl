# Izin Tinggal: pesan API.
stay-field-invalid = Nilai ini tidak valid; periksa formatnya.
stay-field-unknown = Nilai ini tidak dikenal.
stay-field-required = Nilai ini wajib untuk jenis izin ini.
stay-field-not-allowed = GCI tidak memiliki tanggal berakhir; kosongkan isian ini.
stay-field-before-start = Tanggal berakhir lebih awal dari tanggal mulai.
stay-to-kind-not-allowed = Alih status ini tidak dimungkinkan: ITK beralih ke ITAS, ITAS ke ITAP.
stay-same-sponsor = Akun ini sudah menjadi penjamin izin tinggal tersebut; sebutkan akun penjamin yang baru.
stay-kind-not-allowed = Permohonan ini tidak dimungkinkan untuk jenis izin tinggal ini.
stay-window-not-open = Izin tinggal ini belum dapat diperpanjang: permohonan dibuka pada { $date }.
stay-not-extensible = Izin tinggal ini tidak dapat diperpanjang (karena jenisnya, visa asalnya, atau visa kunjungan saat kedatangan). Ajukan alih status atau tinggalkan Indonesia sebelum masa berlakunya habis.
stay-extension-limit = Seluruh perpanjangan yang dibolehkan untuk izin tinggal ini sudah digunakan. Tinggalkan Indonesia sebelum masa berlakunya habis, atau ajukan alih status.
stay-permit-ended = Izin tinggal ini berakhir pada { $date } dan tidak dapat diperpanjang lagi. Segera laporkan diri ke kantor imigrasi.
stay-permit-not-active = Izin tinggal ini sudah tidak aktif (habis berlaku, dibatalkan, atau dialihkan).
stay-already-applied = Izin tinggal ini sudah memiliki permohonan yang sedang diproses; tunggu keputusannya atau tarik permohonan tersebut.
stay-sponsor-not-accepted = Penjamin baru belum menyetujui; minta mereka menyetujui perubahan melalui akunnya.
stay-no-overstay = Tidak ada denda terutang: pemegang izin tidak melampaui izin tinggal, atau telah membayar denda untuk seluruh hari yang dihitung.
stay-fine-already-billed = Denda untuk izin tinggal ini sudah ditagihkan dan belum dibayar; tunggu pembayarannya atau hingga tagihannya kedaluwarsa.
stay-exit-permit-required = Pemegang izin tidak memiliki izin keluar (EPO) maupun izin masuk kembali yang berlaku; izin keluar harus diberikan sebelum keberangkatan.

# Lapor wajib, pengingat, dan daftar petugas.
stay-report-permit-not-active = Izin tinggal ini tidak aktif lagi; laporan hanya untuk izin yang aktif atau sedang diproses.
stay-report-field-required = Nilai ini wajib untuk jenis laporan ini.
stay-report-field-too-long = Nilai ini terlalu panjang.
stay-report-field-in-future = Tanggal ini belum terjadi.
stay-report-field-expired = Tanggal ini sudah lewat.
stay-list-unknown = Daftar ini tidak dikenal; gunakan ending_soon, overstaying, atau in_process.
notify-stay-permit-ending-subject = Izin tinggal { $code } berakhir pada { $date }
notify-stay-permit-ending-body = Izin tinggal Anda { $code } berakhir pada { $date }. Ajukan perpanjangan atau alih status tepat waktu, atau tinggalkan Indonesia sebelum tanggal itu; setiap hari lewat dikenai denda.
stay-session-full = Seluruh tempat pada sesi ini sudah terisi; pilih hari atau sesi lain.
stay-appearance-open = Permohonan ini masih memiliki jadwal kedatangan yang menunggu; pemohon harus hadir pada jadwal tersebut terlebih dahulu.
stay-appearance-date = Pilih hari kerja (Senin sampai Jumat) mulai besok hingga 30 hari ke depan.
