visa-sponsor-required = Jenis visa ini memerlukan penjamin di Indonesia (perusahaan atau warga negara). Mintalah penjamin Anda mengajukan permohonan dengan menyebutkan alamat e-mail Anda.
visa-sponsor-profile-required = Sebelum mengajukan, catat profil penjamin Anda (jenis, NIB atau NIK, dan kabupaten/kota) melalui PUT /api/v1/visa/sponsor.
visa-passport-validity = Paspor harus masih berlaku sekurang-kurangnya { $months } bulan setelah rencana kedatangan. Perpanjang paspor terlebih dahulu, lalu ajukan kembali.
visa-already-applied = Paspor ini sudah memiliki permohonan aktif atau e-Visa yang belum digunakan untuk jenis ini.
# The words of case-invalid-file-type (the shared refusal the pages show), by
# visa's name for the browser journeys.
visa-invalid-file-type = isinya bukan JPEG, PNG, atau PDF, atau tidak diterima untuk jenis dokumen ini.
visa-field-invalid = Nilai ini tidak sah; periksa formatnya.
visa-field-unknown = Nilai ini tidak dikenal.
visa-field-wrong-sponsor = Jenis visa ini tidak dijamin oleh jenis penjamin ini.
visa-status-limited = Terlalu banyak pencarian yang tidak menemukan hasil dari alamat ini. Tunggu beberapa menit, lalu periksa nomor register dan nomor paspor.
notify-visa-decided-subject = Permohonan visa { $code }: { $status }
notify-visa-decided-body = Keputusan telah diambil atas permohonan visa { $code }: { $status }. Masuk untuk melihat riwayat dan, bila disetujui, e-Visa beserta kode QR-nya.
