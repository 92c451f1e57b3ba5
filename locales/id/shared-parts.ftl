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
