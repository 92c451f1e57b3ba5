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
stay-no-overstay = No fine is owed: the holder is not overstaying, or has paid the fine for every day counted.
stay-fine-already-billed = A fine for this permit is billed and not yet paid; wait for the payment or for its bill to lapse.
stay-exit-permit-required = This holder has neither an exit permit nor a valid re-entry permit; an exit permit (EPO) must be granted before departure.

# Mandatory reports, reminders and officers' lists.
stay-report-permit-not-active = This stay permit is no longer active; reports are taken only for a permit that is active or in process.
stay-report-field-required = This value is required for this kind of report.
stay-report-field-too-long = This value is too long.
stay-report-field-in-future = This date has not come yet.
stay-report-field-expired = This date has passed.
stay-list-unknown = No such list; use ending_soon, overstaying or in_process.
notify-stay-permit-ending-subject = Stay permit { $code } ends on { $date }
notify-stay-permit-ending-body = Your stay permit { $code } ends on { $date }. Apply for an extension or a change of status in time, or leave Indonesia before that day; every day past it is fined.
stay-session-full = Every place of this session is taken; choose another day or session.
stay-appearance-open = This application already has an appearance waiting; the holder must come to that one first.
stay-appearance-date = Choose a working day (Monday to Friday) from tomorrow up to 30 days ahead.
