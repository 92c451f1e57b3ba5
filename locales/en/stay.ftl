# Stay permits (Izin Tinggal): the API's messages.
stay-field-invalid = This value is not valid; check its format.
stay-field-unknown = No such value is known.
stay-field-required = This value is required for this kind of permit.
stay-field-not-allowed = A GCI has no end date; leave this empty.
stay-field-before-start = The end date is before the start date.
