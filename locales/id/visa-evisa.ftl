visa-evisa-not-issued = Belum ada e-Visa yang diterbitkan untuk permohonan ini: e-Visa diterbitkan setelah permohonan disetujui.
