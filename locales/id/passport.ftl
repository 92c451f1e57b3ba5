# Halaman warga: Antrean Paspor (pemesanan jadwal kedatangan).

appt-nav-service = Antrean Paspor
appt-nav-bookings = Pemesanan saya

## Tanggal dan waktu (waktu kantor)

appt-weekday-monday = Senin
appt-weekday-tuesday = Selasa
appt-weekday-wednesday = Rabu
appt-weekday-thursday = Kamis
appt-weekday-friday = Jumat
appt-weekday-saturday = Sabtu
appt-weekday-sunday = Minggu
appt-month-1 = Januari
appt-month-2 = Februari
appt-month-3 = Maret
appt-month-4 = April
appt-month-5 = Mei
appt-month-6 = Juni
appt-month-7 = Juli
appt-month-8 = Agustus
appt-month-9 = September
appt-month-10 = Oktober
appt-month-11 = November
appt-month-12 = Desember
appt-date-long = { $weekday }, { $day } { $month } { $year }
appt-date-plain = { $day } { $month } { $year }
appt-at = { $date }, pukul { $time } { $zone }

## Nilai

appt-category-regular = Reguler
appt-category-accelerated = Percepatan
appt-category-priority = Prioritas
appt-category-regular-desc = Layanan biasa; paspor selesai sekitar 4 hari kerja setelah wawancara.
appt-category-accelerated-desc = Paspor selesai di hari yang sama; biaya tambahan { $fee }.
appt-category-priority-desc = Untuk lansia (60 tahun ke atas), penyandang disabilitas, ibu hamil dan anak di bawah 5 tahun.
appt-status-awaiting-payment = Menunggu pembayaran
appt-status-confirmed = Terkonfirmasi
appt-status-expired = Kedaluwarsa
appt-status-cancelled = Dibatalkan
appt-status-checked-in = Sudah check-in
appt-status-served = Selesai dilayani
appt-status-no-show = Tidak hadir
appt-status-note-awaiting-payment = Bayar biaya paspor sebelum batas waktu di bawah; jika tidak, pemesanan batal otomatis dan tempatnya kembali ke kuota.
appt-status-note-confirmed = Pembayaran sudah diterima. Datang ke kantor pada jadwal Anda dengan membawa bukti kedatangan.
appt-status-note-expired = Pembayaran tidak diterima sebelum batas waktu, sehingga pemesanan ini batal. Silakan pesan jadwal baru.
appt-status-note-cancelled = Pemesanan ini sudah dibatalkan dan tempatnya dikembalikan ke kuota.
appt-status-note-checked-in = Anda sudah check-in di kantor. Tunggu nomor antrean Anda dipanggil.
appt-status-note-served = Permohonan Anda sudah dilayani di kantor.
appt-status-note-no-show = Anda tidak hadir pada jadwal ini. Silakan pesan jadwal baru.
appt-status-examination = Menunggu pemeriksaan
appt-status-refused = Ditolak
appt-status-note-examination = Petugas memeriksa kehilangan atau kerusakan paspor Anda (Berita Acara Pemeriksaan, BAP). Setelah disetujui, tagihan beserta biaya bebannya terbit di sini.
appt-status-note-refused = Hasil pemeriksaan menolak penggantian paspor ini. Tanyakan alasannya kepada petugas.
appt-exam-title = Pemeriksaan paspor hilang atau rusak (BAP)
appt-exam-lead = Untuk pemohon tanpa pemesanan yang didaftarkan di halaman loket karena paspor hilang atau rusak. Jika disetujui, tagihan terbit beserta biaya beban (hilang Rp 1.000.000; rusak Rp 500.000); jika ditolak, pemesanan berakhir.
appt-exam-result = Hasil pemeriksaan
appt-exam-approved = Disetujui: terbitkan tagihan
appt-exam-refused = Ditolak
appt-exam-report-number = Nomor Berita Acara Pemeriksaan (BAP)
appt-exam-submit = Catat pemeriksaan
appt-exam-recorded = Pemeriksaan pemesanan { $code } sudah dicatat
appt-exam-pay-before = Bayar sebelum
appt-exam-next-awaiting-payment = Berikan kode billing kepada pemohon. Setelah dibayar (di bank, ATM atau daring), pemohon check-in di kios dengan kode pemesanan, hari ini juga.
appt-exam-next-refused = Penggantian ditolak; tidak ada biaya. Sampaikan alasannya sesuai berita acara.
appt-exam-next-examination = Pemesanan masih menunggu pemeriksaan.
appt-exam-error-code = Ketik kode pemesanan yang diberikan saat pemohon didaftarkan.
appt-exam-error-unknown = Tidak ada pemesanan dengan kode ini.
appt-exam-error-status = Pemesanan ini berstatus { $status }: hanya pemohon yang menunggu pemeriksaan yang dapat diperiksa.
appt-type-regular = Paspor biasa (48 halaman)
appt-type-electronic = Paspor elektronik (e-paspor)
appt-type-regular-fee = Paspor biasa (48 halaman) — { $fee }
appt-type-electronic-fee = Paspor elektronik (e-paspor) — { $fee }
appt-service-new = Paspor baru
appt-service-renewal = Penggantian (paspor lama habis masa berlaku atau penuh)
appt-service-replacement-lost = Penggantian paspor hilang (di kantor, tanpa pemesanan)
appt-service-replacement-damaged = Penggantian paspor rusak (di kantor, tanpa pemesanan)
appt-service-data-change = Penggantian (perubahan data pemegang)
appt-validity = Masa berlaku
appt-validity-5 = 5 tahun
appt-validity-10 = 10 tahun (mulai usia 17 tahun, atau sudah menikah)
appt-validity-value = { $years } tahun
appt-purpose = Tujuan perjalanan
appt-purpose-tourism = Wisata
appt-purpose-umrah = Umrah
appt-purpose-hajj = Haji
appt-purpose-work = Bekerja
appt-purpose-study = Belajar
appt-purpose-medical = Berobat
appt-purpose-family = Mengunjungi keluarga
appt-purpose-other = Lainnya
appt-married = Sudah menikah
appt-married-label = Saya sudah menikah (diperlukan untuk paspor 10 tahun sebelum usia 17 tahun)
appt-married-yes = Ya
appt-married-no = Tidak
appt-error-validity = Pilih 5 atau 10 tahun.
appt-error-purpose = Pilih tujuan perjalanan.
appt-sex-m = Laki-laki
appt-sex-f = Perempuan
appt-wait-status-waiting = Menunggu tempat
appt-wait-status-offered = Tempat ditawarkan: bayar pemesanannya
appt-wait-status-cancelled = Keluar dari daftar tunggu
appt-wait-status-fulfilled = Sudah memesan: tidak menunggu lagi
appt-bill-status-unpaid = Belum dibayar
appt-bill-status-paid = Lunas
appt-bill-status-expired = Kedaluwarsa
appt-bill-status-refund-due = Dibayar setelah kedaluwarsa: akan dikembalikan
appt-bill-status-cancelled = Dibatalkan
appt-duration-hour-one = 1 jam
appt-duration-hours = { $n } jam
appt-duration-minute-one = 1 menit
appt-duration-minutes = { $n } menit
appt-duration-hours-minutes = { $h } jam { $m } menit

## Halaman awal

appt-start-title = Antrean Paspor
appt-start-lead = Pesan jadwal kedatangan di kantor imigrasi untuk membuat atau mengganti paspor, untuk Anda dan keluarga. Pemesanan gratis dan tanpa calo.
appt-start-choose-office = Pilih kantor imigrasi
appt-start-how = Cara kerjanya
appt-step-book = 1. Pesan jadwal
appt-step-book-text = Pilih kantor, tanggal dan sesi, lalu isi data pemohon sesuai e-KTP (NIK, nama, tanggal lahir, jenis kelamin).
appt-step-pay = 2. Bayar dalam { $duration }
appt-step-pay-text = Anda mendapat kode billing (SIMPONI). Bayar biaya paspor dalam { $duration } di bank, kantor pos atau aplikasi pembayaran; jika tidak, pemesanan batal otomatis.
appt-step-come = 3. Datang sesuai jadwal
appt-step-come-text = Setelah pembayaran diterima, unduh bukti kedatangan dengan kode QR. Datang ke kantor pada sesi Anda dengan membawa e-KTP dan dokumen asli.
appt-step-check-in = 4. Check-in
appt-step-check-in-text = Pindai kode QR di anjungan atau tunjukkan ke petugas. Check-in dibuka { $minutes } menit sebelum sesi; setelah sesi berakhir, jadwal hangus.
appt-start-when = Kapan kuota dibuka?
appt-start-when-text = Kuota baru dibuka pada jadwal tetap setiap kantor.
appt-start-release-calendar = Lihat kalender pembukaan kuota
appt-start-waitlist-text = Semua sesi penuh? Daftar tunggu memberikan tempat yang dibatalkan kepada orang pertama yang menunggu, secara otomatis.
appt-start-fees = Biaya
appt-start-fee-accelerated = Layanan percepatan (tambahan)
appt-start-rules = Ketentuan
appt-rule-family = Satu akun dapat memiliki hingga { $max } pemesanan aktif, untuk Anda dan anggota keluarga.
appt-rule-one-nik = Satu NIK hanya dapat memiliki satu pemesanan aktif.
appt-rule-reschedule = Jadwal dapat diubah satu kali, paling lambat sehari sebelum jadwal (H-1). Pembatalan dapat dilakukan kapan saja sebelum jadwal.
appt-rule-no-broker = Layanan ini tidak dipungut biaya selain biaya paspor resmi. Jangan membeli jadwal dari calo.

## Kantor dan kalender

appt-offices-title = Pilih kantor imigrasi
appt-offices-lead = Kantor imigrasi menurut provinsi dan kota. Pilih kantor untuk melihat sesi 14 hari ke depan.
appt-offices-provinces = Lompat ke provinsi
appt-offices-none = Belum ada kantor yang melayani pemesanan.
appt-calendar-zone = semua waktu dalam { $zone }
appt-calendar-range = Sesi dari { $from } sampai { $to }.
appt-calendar-pages = Halaman kalender
appt-calendar-filter = Tampilkan kategori
appt-calendar-all-categories = Semua kategori
appt-calendar-categories = Apa bedanya kategori?
appt-calendar-prev = 14 hari sebelumnya
appt-calendar-next = 14 hari berikutnya
appt-calendar-empty = Belum ada sesi di kantor ini untuk 14 hari ini. Kuota baru dibuka sesuai kalender pembukaan kuota, atau Anda dapat masuk daftar tunggu.
appt-calendar-day-none = Tidak ada sesi (kantor tutup).
appt-calendar-caption = Sesi pada { $date }
appt-calendar-book = Pesan
appt-calendar-full = Penuh
appt-calendar-opens = Dibuka { $at }
appt-calendar-all-full = Tidak menemukan sesi yang cocok?
appt-session-closed = Tidak dapat dipesan lagi
appt-session-too-far = Belum dapat dipesan (terlalu jauh ke depan)
appt-col-time = Waktu
appt-col-category = Kategori
appt-col-places = Sisa tempat
appt-col-book = Pesan
appt-waitlist-join = Masuk daftar tunggu

## Formulir pemesanan

appt-book-title = Pesan jadwal kedatangan
appt-book-session = Sesi yang dipilih
appt-office = Kantor
appt-date = Tanggal
appt-time = Waktu
appt-book-other-session = Pilih sesi lain
appt-book-limit = Satu akun dapat memiliki hingga { $max } pemesanan aktif (untuk Anda dan anggota keluarga).
appt-book-active = Pemesanan aktif Anda saat ini: { $count }.
appt-book-pay-note = Setelah memesan, Anda mendapat kode billing. Bayar dalam { $duration } atau pemesanan batal otomatis.
appt-book-submit = Pesan dan dapatkan kode billing
appt-applicant = Pemohon
appt-applicant-hint = Isi sesuai e-KTP orang yang akan datang ke kantor.
appt-nik = NIK
appt-nik-hint = 16 digit Nomor Induk Kependudukan pada e-KTP atau Kartu Keluarga.
appt-full-name = Nama lengkap
appt-full-name-hint = Sesuai e-KTP, paling banyak 100 karakter.
appt-birth-date = Tanggal lahir
appt-sex = Jenis kelamin
appt-passport-type = Jenis paspor
appt-service = Layanan

## Kesalahan

appt-error-passport-type = Pilih jenis paspor.
appt-error-service = Pilih layanan: paspor baru atau penggantian.
appt-error-not-released = Kuota sesi ini belum dibuka; dibuka { $at }.
appt-error-session-ended = Sesi ini sudah berakhir.
appt-error-too-soon = Sesi harus dipesan paling lambat { $duration } sebelum dimulai.
appt-error-too-far = Jadwal hanya dapat dipesan paling jauh { $days } hari ke depan.
appt-error-slot-gone = Sesi ini tidak ditemukan. Pilih sesi lain.
appt-error-slot-full = Sesi ini sudah penuh. Pilih sesi lain atau masuk daftar tunggu.
appt-error-already-booked = NIK ini sudah memiliki pemesanan aktif. Batalkan pemesanan itu atau tunggu sampai selesai.
appt-error-booking-limit = Akun Anda sudah memiliki { $max } pemesanan aktif, batas maksimal satu akun.
appt-error-already-rescheduled = Jadwal pemesanan ini sudah pernah diubah; perubahan hanya boleh satu kali.
appt-error-reschedule-status = Pemesanan berstatus “{ $status }” tidak dapat diubah jadwalnya.
appt-error-reschedule-too-late = Perubahan jadwal ditutup pada akhir hari sebelum jadwal (H-1).
appt-error-appointment-started = Jadwal sudah dimulai, sehingga tidak dapat dibatalkan lagi.
appt-error-cancel-status = Pemesanan berstatus “{ $status }” tidak dapat dibatalkan.
appt-error-unsuitable = Pilih sesi lain di kantor dan kategori yang sama.
appt-error-choose-session = Pilih sesi baru.
appt-error-range-reversed = Tanggal akhir tidak boleh sebelum tanggal awal.
appt-error-range-too-long = Rentang tanggal paling panjang { $days } hari.
appt-error-range-in-past = Tanggal awal tidak boleh sebelum hari ini.
appt-error-office = Pilih kantor imigrasi.
appt-error-date = Isi tanggal yang benar.
appt-error-category = Pilih kategori.
appt-error-already-waiting = NIK ini sudah memiliki pemesanan aktif atau sudah ada di daftar tunggu.

## Pemesanan saya

appt-bookings-title = Pemesanan saya
appt-bookings-new = Pesan jadwal baru
appt-bookings-empty = Anda belum memiliki pemesanan.
appt-code = Kode pemesanan
appt-when = Jadwal
appt-status = Status
appt-waitlist-title = Daftar tunggu
appt-waitlist-explain = Jika ada tempat yang dibatalkan atau kedaluwarsa pada rentang tanggal Anda, tempat itu otomatis dipesan untuk orang pertama yang menunggu. Anda mendapat e-mail dan harus membayar dalam batas waktu.
appt-waitlist-empty = Anda tidak ada di daftar tunggu.
appt-waitlist-dates = Tanggal
appt-waitlist-see-booking = Lihat pemesanan
appt-waitlist-leave = Keluar dari daftar tunggu
appt-done-booked = Jadwal berhasil dipesan. Bayar biaya paspor dengan kode billing di bawah sebelum batas waktu.
appt-done-cancelled = Pemesanan sudah dibatalkan.
appt-done-cancelled-paid = Pemesanan dibatalkan. Biaya yang sudah dibayar tidak dikembalikan.
appt-done-rescheduled = Jadwal sudah diubah.
appt-done-joined = Anda sudah masuk daftar tunggu.
appt-done-left = Anda sudah keluar dari daftar tunggu.
appt-done-not-waiting = Entri ini sudah tidak lagi menunggu.

## Satu pemesanan

appt-booking-title = Pemesanan
appt-pay-title = Pembayaran
appt-billing-code = Kode billing
appt-amount = Jumlah
appt-deadline = Bayar sebelum
appt-minutes-left = Sisa waktu untuk membayar: { $duration }.
appt-deadline-passed = Batas waktu pembayaran sudah lewat. Pemesanan akan batal.
appt-pay-how = Bayar dengan kode billing ini di bank, kantor pos atau aplikasi pembayaran yang melayani SIMPONI. Status berubah otomatis setelah pembayaran diterima.
appt-pay-demo-bank = Bayar di bank simulasi (demo)
appt-proof-link = Lihat bukti kedatangan (kode QR)
appt-booking-appointment = Jadwal
appt-check-in = Check-in
appt-check-in-window = dibuka pukul { $opens }, ditutup pukul { $closes }
appt-rescheduled-note = Jadwal ini sudah pernah diubah; perubahan hanya boleh satu kali.
appt-booking-actions = Ubah atau batalkan
appt-reschedule = Ubah jadwal
appt-cancel = Batalkan pemesanan
appt-back-to-booking = Kembali ke pemesanan

## Batal dan ubah jadwal

appt-cancel-title = Batalkan pemesanan?
appt-cancel-warning = Pembatalan tidak dapat diurungkan. Tempat Anda kembali ke kuota dan dapat dipesan orang lain.
appt-cancel-no-refund = Pemesanan ini sudah dibayar. Biaya paspor tidak dapat dikembalikan: jika Anda membatalkan, biaya tersebut hangus.
appt-cancel-confirm = Ya, batalkan pemesanan
appt-cancel-keep = Tidak, simpan pemesanan
appt-cancel-not-allowed = Pemesanan ini tidak dapat dibatalkan lagi.
appt-reschedule-title = Ubah jadwal
appt-reschedule-current = Jadwal saat ini
appt-reschedule-once = Jadwal hanya dapat diubah satu kali, ke sesi lain di kantor dan kategori yang sama, paling lambat sehari sebelum jadwal (H-1).
appt-reschedule-none = Tidak ada sesi lain yang dapat dipilih dalam 14 hari ke depan.
appt-reschedule-choose = Pilih sesi baru
appt-places-left = sisa tempat: { $count }
appt-reschedule-submit = Ubah ke sesi ini

## Bukti kedatangan

appt-proof-title = Bukti kedatangan
appt-proof-qr-label = Kode QR pemesanan { $code }
appt-proof-bring = Tunjukkan kode QR ini di anjungan atau kepada petugas, dan bawa e-KTP serta dokumen asli.
appt-proof-print = Cetak halaman ini atau simpan di ponsel Anda.
appt-proof-unavailable = Bukti kedatangan tersedia setelah pembayaran diterima.
appt-proof-void = Pemesanan ini berstatus “{ $status }”, sehingga tidak memiliki bukti kedatangan yang berlaku.

## Daftar tunggu

appt-waitlist-form-title = Masuk daftar tunggu
appt-waitlist-what = Kantor dan tanggal yang diinginkan
appt-choose-office = Pilih kantor
appt-waitlist-from = Dari tanggal
appt-waitlist-to = Sampai tanggal
appt-waitlist-range-hint = Paling panjang { $days } hari.
appt-waitlist-offer-note = Jika Anda mendapat tempat, pemesanan dibuat otomatis dan Anda harus membayar dalam batas waktu.
appt-waitlist-submit = Masuk daftar tunggu

## Bank simulasi (demo)

appt-bank-title = Bank simulasi
appt-bank-demo-note = Hanya untuk demo: tidak ada uang sungguhan yang berpindah.
appt-bank-code-hint = 15 digit kode billing dari halaman pemesanan.
appt-bank-lookup = Cari tagihan
appt-bank-bill = Tagihan
appt-bank-pay = Bayar { $amount }
appt-bank-paid = Pembayaran diterima. Pemesanan sudah terkonfirmasi.
appt-bank-refund = Pembayaran dicatat untuk dikembalikan, karena pemesanan sudah tidak berlaku (kedaluwarsa atau dibatalkan).
appt-bank-error-format = Kode billing terdiri dari 15 digit.
appt-bank-error-unknown = Tidak ada tagihan dengan kode billing ini.
appt-bank-error-already-paid = Tagihan ini sudah dibayar.
appt-bank-error-refused = Pembayaran ditolak. Periksa kode billing dan coba lagi.
appt-bank-error-expired = Kode billing ini sudah kedaluwarsa: batas waktu pembayarannya telah lewat dan bank menolaknya. Pesan ulang untuk mendapatkan kode baru.
appt-queue-title = Nomor antrean Anda
appt-queue-called = Nomor Anda dipanggil: silakan ke loket { $counter }.
appt-queue-ahead = Orang di depan Anda
appt-queue-wait = Perkiraan waktu tunggu
appt-queue-minutes = sekitar { $minutes } menit
appt-queue-hint = Muat ulang halaman ini untuk melihat posisi terbaru, atau lihat papan antrean di kantor.
