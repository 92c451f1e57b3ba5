# APOA supervision: the reasons of the officers' alerts.
apoa-watch-reason-permit_expired = Still lodging after { $until }, the last day of the latest visa or stay permit known for this passport.
apoa-watch-reason-passport_expired = Lodging on a passport that expired on { $expiry }.
apoa-watch-reason-late_report = The check-in was reported more than 24 hours after it happened.
apoa-watch-reason-no_check_out = Still checked in: the check-out expected on { $expected } was not reported.
apoa-watch-reason-many_premises = This passport was reported at { $premises } premises within { $days } days.
apoa-watch-reason-outside_regency = A stay-permit holder lodging outside the regency of the registered address ({ $regency }).
