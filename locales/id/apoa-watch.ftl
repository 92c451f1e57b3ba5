# Pengawasan APOA: alasan peringatan bagi petugas.
apoa-watch-reason-permit_expired = Masih menginap setelah { $until }, hari terakhir visa atau izin tinggal terakhir yang diketahui untuk paspor ini.
apoa-watch-reason-passport_expired = Menginap dengan paspor yang habis berlaku pada { $expiry }.
apoa-watch-reason-late_report = Kedatangan (check-in) dilaporkan lebih dari 24 jam setelah terjadi.
apoa-watch-reason-no_check_out = Masih tercatat menginap: check-out yang diperkirakan pada { $expected } tidak dilaporkan.
apoa-watch-reason-many_premises = Paspor ini dilaporkan di { $premises } tempat penginapan dalam { $days } hari.
apoa-watch-reason-outside_regency = Pemegang izin tinggal menginap di luar kabupaten/kota alamat terdaftarnya ({ $regency }).
