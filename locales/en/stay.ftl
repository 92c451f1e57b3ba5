# Stay permits (Izin Tinggal): the API's messages.
stay-field-invalid = This value is not valid; check its format.
stay-field-unknown = No such value is known.
stay-field-required = This value is required for this kind of permit.
stay-field-not-allowed = A GCI has no end date; leave this empty.
stay-field-before-start = The end date is before the start date.
stay-to-kind-not-allowed = This change of status is not possible: a visit permit (ITK) changes to an ITAS, an ITAS to an ITAP.
stay-same-sponsor = This account already sponsors the permit; name the new sponsor's account.
stay-kind-not-allowed = This application is not possible for this kind of permit.
stay-window-not-open = It is too early to extend this permit: applications open on { $date }.
stay-not-extensible = This permit cannot be extended (its kind, the visa it came from, or a visa on arrival). Apply for a change of status or leave before it ends.
stay-extension-limit = Every extension this permit allows has been used. Leave Indonesia before the permit ends, or apply for a change of status.
stay-permit-ended = This permit ended on { $date }; it can no longer be extended. Report to the immigration office.
stay-permit-not-active = This permit is no longer active (expired, cancelled or converted).
stay-already-applied = This permit already has an application in progress; wait for its decision or withdraw it.
stay-sponsor-not-accepted = The new sponsor has not accepted yet; ask them to accept the change in their account.
