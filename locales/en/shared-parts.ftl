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
