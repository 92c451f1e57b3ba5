# Notification messages (e-mail and WhatsApp) and the administrators' outbox page.
# Each template: -subject and -body (one line); the details (codes, appointment, billing) follow, labelled by notify-fact-*.
# Arguments: code, office, billing_code, amount, deadline, date, time, status.

notify-footer = This message was sent automatically by the online immigration services. Please do not reply to this e-mail.
notify-fact-code = Booking code
notify-fact-office = Office
notify-fact-appointment = Appointment
notify-fact-date = Date
notify-fact-billing-code = Billing code
notify-fact-amount = Fee
notify-fact-deadline = Pay before
notify-fact-status = Status
notify-appointment = { $date } at { $time }

notify-passport-booking-held-subject = Booking { $code }: please complete the payment
notify-passport-booking-held-body = Your appointment is held for you. Pay before { $deadline } with billing code { $billing_code }; if it is not paid by then, the booking lapses and the place returns to the quota.
notify-passport-payment-received-subject = Payment received: booking { $code } is confirmed
notify-passport-payment-received-body = Thank you, the payment for billing code { $billing_code } has been received and booking { $code } is confirmed. Please arrive on time with your original identity card (KTP) and the arrival proof.
notify-passport-payment-reminder-subject = Pay soon: booking { $code } lapses at { $deadline }
notify-passport-payment-reminder-body = We have not received the payment for booking { $code } yet. Pay { $amount } with billing code { $billing_code } before { $deadline }; after that the booking lapses.
notify-passport-booking-expired-subject = Booking { $code } lapsed: no payment received
notify-passport-booking-expired-body = The payment for booking { $code } did not arrive before the deadline, so the booking was cancelled and its place returned to the quota. Please book a new appointment if you still need one.
notify-passport-booking-cancelled-subject = Booking { $code } cancelled
notify-passport-booking-cancelled-body = Booking { $code } has been cancelled and its place returned to the quota. If you already paid, the refund follows the state revenue (PNBP) rules.
notify-passport-ready-for-pickup-subject = Your passport is ready: booking { $code }
notify-passport-ready-for-pickup-body = The passport of booking { $code } is printed and waits for you at { $office }. Collect it within 30 days (in person, by a family member on the same family card, or by a proxy with a stamped power of attorney); after that it is cancelled.
notify-passport-booking-rescheduled-subject = Booking { $code } rescheduled
notify-passport-booking-rescheduled-body = Booking { $code } now takes place on { $date } at { $time }. An appointment can be rescheduled only once.
notify-passport-waitlist-offer-subject = A place for you: booking { $code }
notify-passport-waitlist-offer-body = A place at { $office } on { $date } is held for you from the waitlist. Open booking { $code } to see the billing code and the payment deadline.
notify-passport-lottery-not-drawn-subject = Not drawn in the lottery: you are on the waitlist
notify-passport-lottery-not-drawn-body = You were not drawn in the passport appointment lottery at { $office }. You are now on the waitlist for the dates you accepted (from { $date }): a place that comes back is offered to you automatically, with its own payment deadline.
notify-passport-appointment-reminder-subject = Reminder: your appointment at { $office } is tomorrow
notify-passport-appointment-reminder-body = Tomorrow, { $date } at { $time }, is your appointment (booking { $code }). Bring your original identity card (KTP) and the arrival proof, and arrive by the start of the session.
notify-generic-subject = Immigration services notice { $code }
notify-generic-body = There is an update on application { $code }: { $status }. Open your account on the online immigration services for the details.

notify-status-pending = Pending
notify-status-sending = Sending
notify-status-sent = Sent
notify-status-logged = Written to the log (no sending server)
notify-status-failed = Failed

notify-admin-title = Notifications outbox
notify-admin-intro = Every e-mail and WhatsApp message, newest first. Without an SMTP server, e-mail is only recorded here and in the log.
notify-admin-filter = Status
notify-admin-all = All
notify-admin-apply = Show
notify-admin-col-created = Created
notify-admin-col-channel = Channel
notify-admin-col-recipient = Recipient
notify-admin-col-status = Status
notify-admin-col-message = Message
notify-admin-attempts = Attempts: { $n }
notify-admin-error = Last error
notify-admin-empty = No messages.
notify-admin-prev = Previous
notify-admin-next = Next
notify-admin-page = Page { $page } of { $pages } ({ $total } messages)
