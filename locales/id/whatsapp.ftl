# Percakapan WhatsApp Antrean Paspor. Jangan pernah mengulang isi pesan pengguna (bisa berisi NIK).

wa-welcome = Selamat datang di Antrean Paspor Imigrasi melalui WhatsApp.
wa-menu =
    Balas dengan angka:
    1. Pesan jadwal kedatangan paspor
    2. Cek status pemesanan (STATUS kode)
    3. Batalkan pemesanan (BATAL kode)
    4. Bantuan
    Type EN for English.
wa-help =
    Perintah yang bisa dipakai:
    MENU: kembali ke menu
    1 atau DAFTAR: pesan jadwal kedatangan paspor
    STATUS kode: status pemesanan, misalnya STATUS ABCD234567
    BATAL kode: batalkan pemesanan
    BATAL (saat memesan): berhenti memesan
    EN / ID: ganti bahasa
    Satu nomor WhatsApp dapat memiliki satu pemesanan aktif. Biaya dibayar dengan kode billing di bank, ATM, kantor pos atau aplikasi pembayaran.
wa-not-understood = Maaf, pesan Anda belum saya mengerti.
wa-unsupported-type = Maaf, saya hanya dapat membaca pesan teks. Silakan ketik pesan Anda.
wa-expired = Sesi sebelumnya berakhir karena tidak ada balasan selama 30 menit, jadi data yang belum selesai sudah dihapus.
wa-lang-set = Baik, kita lanjutkan dalam Bahasa Indonesia.
wa-stopped = Pemesanan dihentikan; data yang Anda kirim tidak disimpan.
wa-hint-stop = (Ketik BATAL untuk berhenti, MENU untuk kembali ke menu.)
wa-ask-office = Di kantor imigrasi mana Anda ingin datang? Ketik nama kota atau kode kantor, misalnya Batam, Medan atau JKT-SELATAN.
wa-office-none = Kantor itu tidak saya temukan. Ketik nama kota saja, misalnya Surabaya, Denpasar atau Batam.
wa-office-many = Ada beberapa kantor yang cocok. Balas dengan angka:
wa-office-chosen = Kantor: { $office }.
wa-ask-date = Tanggal yang masih tersedia. Balas dengan angka, atau ketik tanggal (HH-BB-TTTT):
wa-date-none = Saat ini belum ada jadwal yang bisa dipesan di kantor ini. Ketik nama kota lain, atau coba lagi nanti.
wa-date-unavailable = Tanggal itu tidak tersedia. Balas dengan salah satu angka di daftar.
wa-ask-session = Sesi pada { $date }. Balas dengan angka:
wa-session-line = { $n }. { $time } { $category } (sisa { $left } tempat)
wa-choice-invalid = Balas dengan salah satu angka di daftar.
wa-ask-kind = Jenis permohonan. Balas dengan angka:
wa-ask-name = Tulis nama lengkap pemohon sesuai KTP.
wa-name-invalid = Nama hanya berisi huruf, spasi dan tanda baca (tanpa angka), paling banyak 100 karakter. Tulis nama lengkap sesuai KTP.
wa-ask-birth = Tanggal lahir pemohon (HH-BB-TTTT), misalnya 17-08-1990.
wa-birth-invalid = Tanggal lahir belum bisa saya baca. Tulis seperti 17-08-1990.
wa-ask-sex = Jenis kelamin pemohon: balas L (laki-laki) atau P (perempuan).
wa-sex-invalid = Balas L untuk laki-laki atau P untuk perempuan.
wa-ask-nik = Terakhir, tulis NIK pemohon (16 angka, sesuai KTP). NIK hanya dipakai untuk memeriksa identitas dan tidak disimpan utuh.
wa-nik-length = NIK terdiri dari 16 angka. Periksa lalu kirim lagi.
wa-nik-invalid = NIK itu tidak valid. Periksa angkanya sesuai KTP lalu kirim lagi.
wa-nik-mismatch = Tanggal lahir atau jenis kelamin tidak cocok dengan NIK. Periksa NIK lalu kirim lagi, atau balas ULANG untuk mengisi ulang data pemohon.
wa-nik-active = NIK ini sudah memiliki pemesanan aktif; satu NIK hanya boleh memiliki satu pemesanan aktif.
wa-confirm = Periksa pemesanan Anda:
wa-confirm-again = Balas YA untuk memesan, TIDAK untuk berhenti, atau ULANG untuk mengisi ulang data pemohon.
wa-booked = Pemesanan berhasil; tempat Anda ditahan sampai batas pembayaran.
wa-booked-pay = Bayar dengan kode billing di bank, ATM, kantor pos atau aplikasi pembayaran. Jika belum dibayar sampai batas waktu, pemesanan batal otomatis.
wa-booked-check = Cek status kapan saja: STATUS { $code }
wa-book-full = Maaf, sesi itu baru saja penuh atau tidak dapat dipesan lagi.
wa-book-limit = Nomor ini sudah memiliki pemesanan aktif ({ $code }). Satu nomor WhatsApp hanya boleh memiliki satu pemesanan aktif; batalkan dulu dengan BATAL { $code } bila perlu.
wa-book-limit-account = Akun yang terhubung dengan nomor ini sudah mencapai batas pemesanan aktif.
wa-status = Pemesanan { $code }: { $status }
wa-appointment = { $date } pukul { $time }
wa-label-office = Kantor
wa-label-appointment = Jadwal
wa-label-kind = Jenis
wa-label-fee = Biaya
wa-label-name = Nama
wa-label-birth = Tanggal lahir
wa-label-nik = NIK
wa-label-code = Kode pemesanan
wa-label-billing-code = Kode billing
wa-label-deadline = Bayar sebelum
wa-status-pay = Bayar { $amount } dengan kode billing { $billing_code } sebelum { $deadline }.
wa-status-ask-code = Kirim STATUS diikuti kode pemesanan, misalnya STATUS ABCD234567.
wa-code-not-found = Pemesanan dengan kode itu tidak ditemukan untuk nomor ini. Kode pemesanan terdiri dari 10 huruf dan angka; periksa lalu kirim lagi.
wa-cancel-ask-code = Kirim BATAL diikuti kode pemesanan, misalnya BATAL ABCD234567.
wa-cancel-confirm = Batalkan pemesanan { $code } ({ $office }, { $date } pukul { $time })? Balas YA untuk membatalkan, atau TIDAK.
wa-cancel-done = Pemesanan { $code } sudah dibatalkan dan tempatnya dikembalikan ke kuota.
wa-cancel-refused = Pemesanan { $code } tidak dapat dibatalkan lagi (status: { $status }; pembatalan hanya sebelum jadwal dimulai).
wa-cancel-kept = Baik, pemesanan { $code } tidak dibatalkan.
wa-cancel-again = Balas YA untuk membatalkan pemesanan { $code }, atau TIDAK.
wa-category-regular = Reguler
wa-category-accelerated = Percepatan
wa-category-priority = Prioritas (lansia, disabilitas, ibu hamil, balita)
wa-kind-regular-new = Paspor biasa, permohonan baru
wa-kind-regular-renewal = Paspor biasa, penggantian
wa-kind-electronic-new = Paspor elektronik, permohonan baru
wa-kind-electronic-renewal = Paspor elektronik, penggantian
wa-status-awaiting-payment = menunggu pembayaran
wa-status-confirmed = terkonfirmasi
wa-status-expired = batal (tidak dibayar)
wa-status-cancelled = dibatalkan
wa-status-checked-in = sudah check-in
wa-status-served = selesai dilayani
wa-status-no-show = tidak hadir
wa-link-code-text = Kode untuk menghubungkan nomor WhatsApp ini ke akun Imigrasi Anda: { $code }. Berlaku 10 menit. Jangan berikan kode ini kepada siapa pun.
wa-link-title = Nomor WhatsApp
wa-link-back = Kembali ke akun
wa-link-intro = Hubungkan nomor WhatsApp Anda ke akun ini: pemesanan lewat WhatsApp akan tampil di akun Anda, dan nomor itu boleh memegang lebih dari satu pemesanan aktif (sampai batas akun).
wa-link-linked = Nomor WhatsApp yang terhubung: { $number }.
wa-link-none = Belum ada nomor WhatsApp yang terhubung.
wa-link-unlink = Putuskan nomor ini
wa-link-pending = Kode telah dikirim ke { $number }. Ketik kode 6 angka itu di sini.
wa-link-code-label = Kode dari WhatsApp
wa-link-confirm = Hubungkan
wa-link-number-label = Nomor WhatsApp
wa-link-number-hint = Dengan kode negara, tanpa 0 di depan, misalnya 6281234567890.
wa-link-send = Kirim kode
wa-link-sent = Kode telah dikirim lewat WhatsApp. Berlaku 10 menit.
wa-link-done = Nomor WhatsApp terhubung ke akun Anda.
wa-link-unlinked = Nomor WhatsApp tidak lagi terhubung ke akun Anda.
wa-link-error-number = Nomor tidak sah. Tulis dengan kode negara, misalnya 6281234567890.
wa-link-error-code = Kode salah. Periksa pesan WhatsApp dan coba lagi.
wa-link-error-void = Terlalu banyak percobaan yang salah. Minta kode baru.
wa-link-error-expired = Kode sudah kedaluwarsa. Minta kode baru.
wa-link-error-none = Belum ada kode yang diminta. Masukkan nomor Anda terlebih dahulu.
wa-link-account-link = Hubungkan nomor WhatsApp
