## Shared platform parts: idempotency keys, documents, signing, regions.

idempotency-key-invalid = Use an Idempotency-Key of 1 to { $max } visible ASCII characters (letters, digits, punctuation; no spaces).
idempotency-key-reused = This Idempotency-Key was already used for a different request. Use a new key for a new request.
idempotency-key-in-progress = A request with this Idempotency-Key has no answer yet. Try again in a moment.

documents-unknown-kind = Choose the kind of document with ?kind= (one of: { $kinds }).
documents-empty = The file is empty. Choose the file again and send it.
documents-too-large = The file is larger than the { $max } allowed for this kind of document. Make it smaller (for example, scan at a lower resolution) and send it again.
documents-unsupported-type = Send a JPEG, PNG or PDF file with its Content-Type: image/jpeg, image/png or application/pdf.
documents-unrecognised = This file is not a JPEG, PNG or PDF file. Save it in one of these formats and send it again.
documents-type-not-allowed = This kind of document accepts only { $allowed }.
documents-type-mismatch = The file's content is { $detected }, but it was sent as { $declared }. Send it with the right type, or save it in the expected format.

regions-unknown-office = There is no active office with this code. Use a code from GET /api/v1/offices.

## Identity checked against the NIK (passport bookings, waitlist, walk-ins)

identity-nik-required = Enter the 16-digit NIK.
identity-full-name = Enter the full name (at most 100 characters).
identity-birth-date = Enter a valid date of birth.
identity-sex = Choose the sex.
identity-nik-invalid = The NIK is not valid.
identity-nik-wrong-length = A NIK has exactly 16 digits.
identity-nik-non-digit = A NIK contains only the digits 0-9.
identity-nik-unknown-province = The first two digits of the NIK are not a province code. Check the NIK again.
identity-nik-zero-regency = Digits 3 and 4 of the NIK (regency or city code) cannot be 00.
identity-nik-zero-district = Digits 5 and 6 of the NIK (district code) cannot be 00.
identity-nik-invalid-birth-date = Digits 7 to 12 of the NIK are not a valid birth date.
identity-nik-zero-serial = The last four digits of the NIK cannot be 0000.
identity-mismatch-birth = Identity not valid: the date of birth does not match the NIK. Check both.
identity-mismatch-sex = Identity not valid: the sex does not match the NIK. Check both.
identity-mismatch-both = Identity not valid: neither the date of birth nor the sex match the NIK. Make sure the NIK belongs to the applicant.
