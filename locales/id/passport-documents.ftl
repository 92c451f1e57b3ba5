## Dokumen pemohon paspor: daftar periksa, unggahan, nomor permohonan, NTPN.

pdoc-api-bad-form = Kirim formulir multipart dengan kolom kind dan file.
pdoc-api-unknown-kind = Jenis dokumen tidak dikenal. Pilih salah satu: { $kinds }.
pdoc-api-not-required = Dokumen { $kind } tidak diperlukan untuk pemesanan ini. Unggah hanya dokumen dalam daftar periksa pemesanan.
pdoc-api-not-active = Pemesanan ini berstatus { $status }: dokumen hanya diterima selama pemesanan aktif.

pdoc-kind-ektp = e-KTP
pdoc-kind-family-card = Kartu Keluarga (KK)
pdoc-kind-birth-marriage-or-diploma = Akta kelahiran, buku nikah, atau ijazah
pdoc-kind-birth-certificate = Akta kelahiran anak
pdoc-kind-father-ektp = e-KTP ayah
pdoc-kind-mother-ektp = e-KTP ibu
pdoc-kind-father-passport = Paspor ayah
pdoc-kind-mother-passport = Paspor ibu
pdoc-kind-parents-marriage-book = Buku nikah orang tua (atau akta cerai dan penetapan hak asuh)
pdoc-kind-parents-statement = Surat pernyataan orang tua
pdoc-kind-old-passport = Paspor lama
pdoc-kind-police-report = Surat keterangan kehilangan dari kepolisian
pdoc-kind-damaged-passport = Paspor yang rusak
pdoc-kind-data-change-evidence = Bukti perubahan data (misalnya penetapan ganti nama)

pdoc-title = Dokumen
pdoc-lead = Unggah dokumen berikut sebelum kedatangan dan bawa aslinya ke kantor. Berkas yang kurang saat wawancara harus dilengkapi dalam 7 hari.
pdoc-child-note = Pemohon anak (di bawah 17 tahun dan belum menikah): kedua orang tua hadir dan membawa dokumen mereka.
pdoc-uploaded = Sudah diunggah
pdoc-missing = Belum diunggah
pdoc-open = Buka berkas
pdoc-upload-title = Unggah dokumen
pdoc-upload-kind = Jenis dokumen
pdoc-upload-file = Berkas
pdoc-upload-hint = JPEG, PNG, atau PDF, paling besar 2 MiB. Mengunggah jenis yang sama lagi menyimpan berkas terbaru.
pdoc-upload-submit = Unggah
pdoc-done-uploaded = Dokumen diunggah.
pdoc-upload-refused = Dokumen tidak diunggah: { $reason }
pdoc-application-number = Nomor permohonan
pdoc-ntpn = NTPN
