visa-sponsor-required = This visa type needs an Indonesian sponsor (a company or a citizen). Ask your sponsor to apply for you, naming your e-mail address.
visa-sponsor-profile-required = Before applying, record your sponsor profile (kind, NIB or NIK, and regency) with PUT /api/v1/visa/sponsor.
visa-passport-validity = The passport must stay valid for at least { $months } months after the intended arrival. Renew the passport first, then apply.
visa-already-applied = This passport already has an active application or an unused e-Visa of this type.
# The words of case-invalid-file-type (the shared refusal the pages show), by
# visa's name for the browser journeys.
visa-invalid-file-type = its content is not JPEG, PNG or PDF, or not accepted for this kind of document.
visa-field-invalid = This value is not valid; check its format.
visa-field-unknown = No such value is known.
visa-field-wrong-sponsor = This visa type is not sponsored by this kind of sponsor.
visa-status-limited = Too many look-ups that found nothing from this address. Wait a few minutes, then check the register number and passport number.
notify-visa-decided-subject = Visa application { $code }: { $status }
notify-visa-decided-body = A decision was taken on visa application { $code }: { $status }. Sign in to see the timeline and, when approved, the e-Visa with its QR code.
