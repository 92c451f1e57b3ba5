# Stay permits (Izin Tinggal): the API's messages.
stay-field-invalid = This value is not valid; check its format.
stay-field-unknown = No such value is known.
stay-field-required = This value is required for this kind of permit.
stay-field-not-allowed = A GCI has no end date; leave this empty.
stay-field-before-start = The end date is before the start date.

# Mandatory reports, reminders and officers' lists.
stay-report-permit-not-active = This stay permit is no longer active; reports are taken only for a permit that is active or in process.
stay-report-field-required = This value is required for this kind of report.
stay-report-field-too-long = This value is too long.
stay-report-field-in-future = This date has not come yet.
stay-report-field-expired = This date has passed.
stay-list-unknown = No such list; use ending_soon, overstaying or in_process.
notify-stay-permit-ending-subject = Stay permit { $code } ends on { $date }
notify-stay-permit-ending-body = Your stay permit { $code } ends on { $date }. Apply for an extension or a change of status in time, or leave Indonesia before that day; every day past it is fined.
