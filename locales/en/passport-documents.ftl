## A passport applicant's documents: checklist, uploads, application number, NTPN.

pdoc-api-bad-form = Send a multipart form with the fields kind and file.
pdoc-api-unknown-kind = Unknown document kind. Choose one of: { $kinds }.
pdoc-api-not-required = The document { $kind } is not required for this booking. Upload only the documents of the booking's checklist.
pdoc-api-not-active = This booking is { $status }: documents are taken only while a booking is active.

pdoc-kind-ektp = e-KTP (identity card)
pdoc-kind-family-card = Family card (KK)
pdoc-kind-birth-marriage-or-diploma = Birth certificate, marriage book or diploma
pdoc-kind-birth-certificate = Child's birth certificate
pdoc-kind-father-ektp = Father's e-KTP
pdoc-kind-mother-ektp = Mother's e-KTP
pdoc-kind-father-passport = Father's passport
pdoc-kind-mother-passport = Mother's passport
pdoc-kind-parents-marriage-book = Parents' marriage book (or divorce deed and custody order)
pdoc-kind-parents-statement = Parents' signed statement
pdoc-kind-old-passport = Old passport
pdoc-kind-police-report = Police report of the loss
pdoc-kind-damaged-passport = The damaged passport
pdoc-kind-data-change-evidence = Evidence of the changed data (for example a name-change decree)

pdoc-title = Documents
pdoc-lead = Upload these documents before your visit and bring the originals to the office. Papers missing at the interview must be completed within 7 days.
pdoc-child-note = Child applicant (under 17 and not married): both parents attend and bring their documents.
pdoc-uploaded = Uploaded
pdoc-missing = Not uploaded yet
pdoc-open = Open file
pdoc-upload-title = Upload a document
pdoc-upload-kind = Kind of document
pdoc-upload-file = File
pdoc-upload-hint = JPEG, PNG or PDF, at most 2 MiB. Uploading the same kind again keeps the latest file.
pdoc-upload-submit = Upload
pdoc-done-uploaded = Document uploaded.
pdoc-upload-refused = The document was not uploaded: { $reason }
pdoc-application-number = Application number
pdoc-ntpn = NTPN
