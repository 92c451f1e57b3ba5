# Pesan pemberitahuan (e-mail dan WhatsApp) dan halaman kotak keluar administrator.
# Setiap templat: -subject dan -body (satu baris); rincian (kode, jadwal, billing) ditambahkan di bawahnya dengan label notify-fact-*.
# Argumen: code, office, billing_code, amount, deadline, date, time, status.

notify-footer = Pesan ini dikirim otomatis oleh layanan imigrasi daring. Jangan membalas e-mail ini.
notify-fact-code = Kode pemesanan
notify-fact-office = Kantor
notify-fact-appointment = Jadwal
notify-fact-date = Tanggal
notify-fact-billing-code = Kode billing
notify-fact-amount = Biaya
notify-fact-deadline = Bayar sebelum
notify-fact-status = Status
notify-appointment = { $date } pukul { $time }

notify-passport-booking-held-subject = Pemesanan { $code }: selesaikan pembayaran
notify-passport-booking-held-body = Jadwal kedatangan Anda sudah kami tahan. Bayar sebelum { $deadline } dengan kode billing { $billing_code }; jika belum dibayar sampai batas waktu itu, pemesanan batal otomatis dan tempatnya kembali ke kuota.
notify-passport-payment-received-subject = Pembayaran diterima: pemesanan { $code } terkonfirmasi
notify-passport-payment-received-body = Terima kasih, pembayaran dengan kode billing { $billing_code } sudah kami terima dan pemesanan { $code } terkonfirmasi. Datang tepat waktu dengan membawa KTP asli dan bukti kedatangan.
notify-passport-payment-reminder-subject = Segera bayar: pemesanan { $code } batal pukul { $deadline }
notify-passport-payment-reminder-body = Pembayaran untuk pemesanan { $code } belum kami terima. Bayar { $amount } dengan kode billing { $billing_code } sebelum { $deadline }; setelah itu pemesanan batal otomatis.
notify-passport-booking-expired-subject = Pemesanan { $code } batal: pembayaran tidak diterima
notify-passport-booking-expired-body = Pembayaran untuk pemesanan { $code } tidak kami terima sebelum batas waktu, sehingga pemesanan dibatalkan dan tempatnya dikembalikan ke kuota. Silakan pesan jadwal baru bila masih memerlukannya.
notify-passport-booking-cancelled-subject = Pemesanan { $code } dibatalkan
notify-passport-booking-cancelled-body = Pemesanan { $code } sudah dibatalkan dan tempatnya dikembalikan ke kuota. Bila Anda sudah membayar, pengembalian biaya diproses sesuai ketentuan PNBP.
notify-passport-ready-for-pickup-subject = Paspor Anda sudah jadi: pemesanan { $code }
notify-passport-ready-for-pickup-body = Paspor untuk pemesanan { $code } sudah dicetak dan dapat diambil di { $office }. Ambil dalam 30 hari (sendiri, oleh anggota keluarga dalam KK yang sama, atau oleh kuasa dengan surat kuasa bermeterai); setelah itu paspor dibatalkan.
notify-passport-booking-rescheduled-subject = Jadwal pemesanan { $code } diubah
notify-passport-booking-rescheduled-body = Jadwal pemesanan { $code } sudah diubah ke { $date } pukul { $time }. Jadwal hanya dapat diubah satu kali.
notify-passport-waitlist-offer-subject = Ada tempat untuk Anda: pemesanan { $code }
notify-passport-waitlist-offer-body = Tempat di { $office } pada { $date } sudah kami tahan untuk Anda dari daftar tunggu. Buka pemesanan { $code } untuk melihat kode billing dan batas waktu pembayaran.
notify-passport-lottery-not-drawn-subject = Tidak terpilih dalam undian: Anda masuk daftar tunggu
notify-passport-lottery-not-drawn-body = Anda tidak terpilih dalam undian antrean paspor di { $office }. Anda kini masuk daftar tunggu untuk tanggal yang Anda pilih (mulai { $date }): tempat yang kembali akan ditawarkan kepada Anda secara otomatis, dengan batas waktu pembayarannya sendiri.
notify-passport-appointment-reminder-subject = Pengingat: besok jadwal Anda di { $office }
notify-passport-appointment-reminder-body = Besok, { $date } pukul { $time }, jadwal kedatangan Anda (pemesanan { $code }). Bawa KTP asli dan bukti kedatangan, dan datang paling lambat pada awal sesi.
notify-generic-subject = Pemberitahuan layanan imigrasi { $code }
notify-generic-body = Ada perubahan pada permohonan { $code }: { $status }. Buka akun Anda di layanan imigrasi daring untuk melihat rinciannya.

notify-status-pending = Menunggu
notify-status-sending = Sedang dikirim
notify-status-sent = Terkirim
notify-status-logged = Dicatat di log (tanpa server pengirim)
notify-status-failed = Gagal

notify-admin-title = Kotak keluar pemberitahuan
notify-admin-intro = Semua pesan e-mail dan WhatsApp, terbaru lebih dulu. Tanpa server SMTP, e-mail hanya dicatat di sini dan di log.
notify-admin-filter = Status
notify-admin-all = Semua
notify-admin-apply = Tampilkan
notify-admin-col-created = Dibuat
notify-admin-col-channel = Saluran
notify-admin-col-recipient = Penerima
notify-admin-col-status = Status
notify-admin-col-message = Pesan
notify-admin-attempts = Percobaan: { $n }
notify-admin-error = Kesalahan terakhir
notify-admin-empty = Tidak ada pesan.
notify-admin-prev = Sebelumnya
notify-admin-next = Berikutnya
notify-admin-page = Halaman { $page } dari { $pages } ({ $total } pesan)
