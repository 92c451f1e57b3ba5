# Casework (visa and stay applications): the shared steps' messages.
case-missing-documents = Documents are missing: { $missing }. Upload them, then submit again.
case-invalid-transition = The application is not in a state that allows this step.
case-two-person-rule = The officer who recommended this decision cannot also approve or reject it; another supervisor must decide.
case-file-too-large = The file "{ $file }" is larger than the { $max } allowed. Make it smaller and send it again.
case-invalid-file = The file "{ $file }" was refused: { $reason }
case-invalid-file-type = its content is not JPEG, PNG or PDF, or not accepted for this kind of document.
case-invalid-file-empty = it is empty.
case-invalid-file-kind = this application does not ask for a document of this kind.
case-invalid-file-mismatch = its content does not match the type it was sent as.
case-field-invalid = This value is not valid; check it and try again.
case-invalid-multipart = Send a multipart form with the fields "kind" and "file".
