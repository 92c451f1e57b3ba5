visa-evisa-not-issued = No e-Visa has been issued for this application yet: it is issued when the application is approved.
