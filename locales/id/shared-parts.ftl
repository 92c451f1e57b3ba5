## Bagian bersama platform: kunci idempotensi, dokumen, tanda tangan, wilayah.

idempotency-key-invalid = Gunakan Idempotency-Key berisi 1 sampai { $max } karakter ASCII yang terlihat (huruf, angka, tanda baca; tanpa spasi).
idempotency-key-reused = Idempotency-Key ini sudah dipakai untuk permintaan lain. Gunakan kunci baru untuk permintaan baru.
idempotency-key-in-progress = Permintaan dengan Idempotency-Key ini belum mendapat jawaban. Coba lagi sebentar lagi.

documents-unknown-kind = Pilih jenis dokumen dengan ?kind= (salah satu dari: { $kinds }).
documents-empty = Berkasnya kosong. Pilih berkas itu lagi lalu kirim.
documents-too-large = Berkas lebih besar dari { $max } yang diizinkan untuk jenis dokumen ini. Perkecil berkas (misalnya pindai dengan resolusi lebih rendah) lalu kirim lagi.
documents-unsupported-type = Kirim berkas JPEG, PNG atau PDF dengan Content-Type-nya: image/jpeg, image/png atau application/pdf.
documents-unrecognised = Berkas ini bukan JPEG, PNG atau PDF. Simpan dalam salah satu format itu lalu kirim lagi.
documents-type-not-allowed = Jenis dokumen ini hanya menerima { $allowed }.
documents-type-mismatch = Isi berkas ini { $detected }, tetapi dikirim sebagai { $declared }. Kirim dengan jenis yang benar, atau simpan dalam format yang diminta.

regions-unknown-office = Tidak ada kantor aktif dengan kode ini. Gunakan kode dari GET /api/v1/offices.

## Identitas yang diperiksa terhadap NIK (pemesanan paspor, daftar tunggu, walk-in)

identity-nik-required = Isi NIK 16 digit.
identity-full-name = Isi nama lengkap (paling banyak 100 karakter).
identity-birth-date = Isi tanggal lahir yang benar.
identity-sex = Pilih jenis kelamin.
identity-nik-invalid = NIK tidak valid.
identity-nik-wrong-length = NIK terdiri dari tepat 16 digit.
identity-nik-non-digit = NIK hanya berisi angka 0-9.
identity-nik-unknown-province = Dua digit pertama NIK bukan kode provinsi yang ada. Periksa kembali NIK Anda.
identity-nik-zero-regency = Digit ke-3 dan ke-4 NIK (kode kabupaten/kota) tidak boleh 00.
identity-nik-zero-district = Digit ke-5 dan ke-6 NIK (kode kecamatan) tidak boleh 00.
identity-nik-invalid-birth-date = Digit ke-7 sampai ke-12 NIK bukan tanggal lahir yang benar.
identity-nik-zero-serial = Empat digit terakhir NIK tidak boleh 0000.
identity-mismatch-birth = Identitas tidak valid: tanggal lahir tidak sesuai dengan NIK. Periksa keduanya.
identity-mismatch-sex = Identitas tidak valid: jenis kelamin tidak sesuai dengan NIK. Periksa keduanya.
identity-mismatch-both = Identitas tidak valid: tanggal lahir dan jenis kelamin tidak sesuai dengan NIK. Pastikan NIK milik pemohon.
