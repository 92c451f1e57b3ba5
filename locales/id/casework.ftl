# Casework (visa and stay applications): the shared steps' messages.
case-missing-documents = Dokumen belum lengkap: { $missing }. Unggah dokumen tersebut, lalu ajukan kembali.
case-invalid-transition = Status permohonan tidak memungkinkan langkah ini.
case-two-person-rule = Petugas yang memberi rekomendasi tidak boleh sekaligus menyetujui atau menolaknya; keputusan harus diambil oleh supervisor lain.
case-file-too-large = Berkas "{ $file }" melebihi batas { $max }. Perkecil berkas lalu kirim kembali.
case-invalid-file = Berkas "{ $file }" ditolak: { $reason }
case-invalid-file-type = isinya bukan JPEG, PNG, atau PDF, atau tidak diterima untuk jenis dokumen ini.
case-invalid-file-empty = berkas kosong.
case-invalid-file-kind = permohonan ini tidak meminta dokumen jenis ini.
case-invalid-file-mismatch = isinya tidak sesuai dengan jenis yang dikirimkan.
case-field-invalid = Nilai ini tidak sah; periksa kembali.
case-invalid-multipart = Kirim formulir multipart dengan kolom "kind" dan "file".
