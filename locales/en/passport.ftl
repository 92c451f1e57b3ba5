# Citizen pages: passport appointment queue (Antrean Paspor).

appt-nav-service = Passport appointments
appt-nav-bookings = My bookings

## Dates and times (office time)

appt-weekday-monday = Monday
appt-weekday-tuesday = Tuesday
appt-weekday-wednesday = Wednesday
appt-weekday-thursday = Thursday
appt-weekday-friday = Friday
appt-weekday-saturday = Saturday
appt-weekday-sunday = Sunday
appt-month-1 = January
appt-month-2 = February
appt-month-3 = March
appt-month-4 = April
appt-month-5 = May
appt-month-6 = June
appt-month-7 = July
appt-month-8 = August
appt-month-9 = September
appt-month-10 = October
appt-month-11 = November
appt-month-12 = December
appt-date-long = { $weekday } { $day } { $month } { $year }
appt-date-plain = { $day } { $month } { $year }
appt-at = { $date } at { $time } { $zone }

## Values

appt-category-regular = Regular
appt-category-accelerated = Accelerated
appt-category-priority = Priority
appt-category-regular-desc = Ordinary service; the passport is ready about 4 working days after the interview.
appt-category-accelerated-desc = The passport is ready the same day; extra fee { $fee }.
appt-category-priority-desc = For older people (60 and over), people with disabilities, pregnant women and children under 5.
appt-status-awaiting-payment = Awaiting payment
appt-status-confirmed = Confirmed
appt-status-expired = Expired
appt-status-cancelled = Cancelled
appt-status-checked-in = Checked in
appt-status-served = Served
appt-status-no-show = Did not attend
appt-status-note-awaiting-payment = Pay the passport fee before the deadline below; otherwise the booking lapses and its place returns to the quota.
appt-status-note-confirmed = Payment received. Come to the office at your appointment time and bring your proof of appointment.
appt-status-note-expired = The payment did not arrive before the deadline, so this booking lapsed. Please book a new appointment.
appt-status-note-cancelled = This booking was cancelled and its place returned to the quota.
appt-status-note-checked-in = You have checked in at the office. Wait for your queue number to be called.
appt-status-note-served = Your application was handled at the office.
appt-status-note-no-show = You did not attend this appointment. Please book a new one.
appt-status-examination = Awaiting examination
appt-status-refused = Refused
appt-status-note-examination = An officer examines the loss or damage of your passport (examination report, BAP). Once approved, the bill is issued here, with the surcharge.
appt-status-note-refused = The examination refused the replacement of this passport. Ask the officer for the reasons.
appt-exam-title = Examination of a lost or damaged passport (BAP)
appt-exam-lead = For a walk-in registered on the counter page for a lost or damaged passport. Approved, the bill is issued with the surcharge (lost Rp 1,000,000; damaged Rp 500,000); refused, the booking ends.
appt-exam-result = Result of the examination
appt-exam-approved = Approved: issue the bill
appt-exam-refused = Refused
appt-exam-report-number = Examination report (BAP) number
appt-exam-submit = Record the examination
appt-exam-recorded = Examination of booking { $code } recorded
appt-exam-pay-before = Pay before
appt-exam-next-awaiting-payment = Give the applicant the billing code. Once paid (at a bank, ATM or online), they check in at the kiosk with the booking code, today.
appt-exam-next-refused = The replacement was refused; no fee is charged. Tell the applicant the reasons in the report.
appt-exam-next-examination = The booking still waits for its examination.
appt-exam-error-code = Type the booking code given when the walk-in was registered.
appt-exam-error-unknown = No booking has this code.
appt-exam-error-status = This booking is { $status }: only a walk-in waiting for its examination can be examined.
appt-type-regular = Ordinary passport (48 pages)
appt-type-electronic = Electronic passport (e-passport)
appt-type-regular-fee = Ordinary passport (48 pages) — { $fee }
appt-type-electronic-fee = Electronic passport (e-passport) — { $fee }
appt-service-new = New passport
appt-service-renewal = Replacement (old passport expired or full)
appt-service-replacement-lost = Replacement of a lost passport (at the office, without a booking)
appt-service-replacement-damaged = Replacement of a damaged passport (at the office, without a booking)
appt-service-data-change = Replacement (holder's data changed)
appt-validity = Validity
appt-validity-5 = 5 years
appt-validity-10 = 10 years (from age 17, or married)
appt-validity-value = { $years } years
appt-purpose = Purpose of travel
appt-purpose-tourism = Tourism
appt-purpose-umrah = Umrah
appt-purpose-hajj = Hajj
appt-purpose-work = Work
appt-purpose-study = Study
appt-purpose-medical = Medical treatment
appt-purpose-family = Visiting family
appt-purpose-other = Other
appt-married = Married
appt-married-label = I am married (needed for a 10-year passport before age 17)
appt-married-yes = Yes
appt-married-no = No
appt-error-validity = Choose 5 or 10 years.
appt-error-purpose = Choose the purpose of travel.
appt-sex-m = Male
appt-sex-f = Female
appt-wait-status-waiting = Waiting for a place
appt-wait-status-offered = Place offered: pay the booking
appt-wait-status-cancelled = Left the waitlist
appt-wait-status-fulfilled = Booked directly: no longer waiting
appt-bill-status-unpaid = Unpaid
appt-bill-status-paid = Paid
appt-bill-status-expired = Expired
appt-bill-status-refund-due = Paid after expiry: to be refunded
appt-bill-status-cancelled = Cancelled
appt-duration-hour-one = 1 hour
appt-duration-hours = { $n } hours
appt-duration-minute-one = 1 minute
appt-duration-minutes = { $n } minutes
appt-duration-hours-minutes = { $h } h { $m } min

## Start page

appt-start-title = Passport appointments
appt-start-lead = Book a time to visit an immigration office for a new or replacement passport, for yourself and your family. Booking is free and needs no broker.
appt-start-choose-office = Choose an immigration office
appt-start-how = How it works
appt-step-book = 1. Book a time
appt-step-book-text = Choose an office, a date and a session, then enter the applicant's details as on the e-KTP identity card (NIK, name, birth date, sex).
appt-step-pay = 2. Pay within { $duration }
appt-step-pay-text = You receive a billing code (SIMPONI). Pay the passport fee within { $duration } at a bank, post office or payment app; otherwise the booking lapses automatically.
appt-step-come = 3. Come at your time
appt-step-come-text = Once the payment arrives, open your proof of appointment with its QR code. Come to the office in your session with your e-KTP and original documents.
appt-step-check-in = 4. Check in
appt-step-check-in-text = Scan the QR code at the kiosk or show it to an officer. Check-in opens { $minutes } minutes before the session; after the session ends the appointment is void.
appt-start-when = When do new places open?
appt-start-when-text = New quota opens on a fixed schedule at each office.
appt-start-release-calendar = See the quota release calendar
appt-start-waitlist-text = Every session full? The waitlist gives cancelled places to the first person waiting, automatically.
appt-start-fees = Fees
appt-start-fee-accelerated = Accelerated service (extra)
appt-start-rules = Rules
appt-rule-family = One account may hold up to { $max } active bookings, for you and your family members.
appt-rule-one-nik = One NIK may have only one active booking.
appt-rule-reschedule = An appointment can be moved once, no later than the day before (H-1). You can cancel any time before the appointment.
appt-rule-no-broker = Booking costs nothing beyond the official passport fee. Never buy an appointment from a broker.

## Offices and calendar

appt-offices-title = Choose an immigration office
appt-offices-lead = Immigration offices by province and city. Choose an office to see its sessions for the next 14 days.
appt-offices-provinces = Jump to a province
appt-offices-none = No office takes bookings yet.
appt-calendar-zone = all times in { $zone }
appt-calendar-range = Sessions from { $from } to { $to }.
appt-calendar-pages = Calendar pages
appt-calendar-filter = Show category
appt-calendar-all-categories = All categories
appt-calendar-categories = How do the categories differ?
appt-calendar-prev = Previous 14 days
appt-calendar-next = Next 14 days
appt-calendar-empty = This office has no sessions in these 14 days yet. New quota opens as the release calendar shows, or you can join the waitlist.
appt-calendar-day-none = No sessions (office closed).
appt-calendar-caption = Sessions on { $date }
appt-calendar-book = Book
appt-calendar-full = Full
appt-calendar-opens = Opens { $at }
appt-calendar-all-full = No suitable session?
appt-session-closed = No longer bookable
appt-session-too-far = Not bookable yet (too far ahead)
appt-col-time = Time
appt-col-category = Category
appt-col-places = Places left
appt-col-book = Book
appt-waitlist-join = Join the waitlist

## Booking form

appt-book-title = Book an appointment
appt-book-session = Chosen session
appt-office = Office
appt-date = Date
appt-time = Time
appt-book-other-session = Choose another session
appt-book-limit = One account may hold up to { $max } active bookings (for you and your family members).
appt-book-active = Your active bookings now: { $count }.
appt-book-pay-note = After booking you receive a billing code. Pay within { $duration } or the booking lapses automatically.
appt-book-submit = Book and get a billing code
appt-applicant = Applicant
appt-applicant-hint = Enter the details from the e-KTP of the person who will come to the office.
appt-nik = NIK
appt-nik-hint = The 16-digit population number (Nomor Induk Kependudukan) on the e-KTP or family card.
appt-full-name = Full name
appt-full-name-hint = As on the e-KTP, at most 100 characters.
appt-birth-date = Date of birth
appt-sex = Sex
appt-passport-type = Passport type
appt-service = Service

## Errors

appt-error-passport-type = Choose a passport type.
appt-error-service = Choose a service: new passport or replacement.
appt-error-not-released = This session's quota is not open yet; it opens { $at }.
appt-error-session-ended = This session has already ended.
appt-error-too-soon = Sessions must be booked at least { $duration } before they start.
appt-error-too-far = Appointments can be booked at most { $days } days ahead.
appt-error-slot-gone = This session does not exist. Choose another one.
appt-error-slot-full = This session is full. Choose another session or join the waitlist.
appt-error-already-booked = This NIK already has an active booking. Cancel it or wait until it is over.
appt-error-booking-limit = Your account already holds { $max } active bookings, the most one account may hold.
appt-error-already-rescheduled = This booking was already moved once; an appointment can be moved only once.
appt-error-reschedule-status = A booking that is “{ $status }” cannot be moved.
appt-error-reschedule-too-late = Moving closed at the end of the day before the appointment (H-1).
appt-error-appointment-started = The appointment has already started, so it can no longer be cancelled.
appt-error-cancel-status = A booking that is “{ $status }” cannot be cancelled.
appt-error-unsuitable = Choose another session at the same office and in the same category.
appt-error-choose-session = Choose a new session.
appt-error-range-reversed = The last date cannot be before the first date.
appt-error-range-too-long = The date range may span at most { $days } days.
appt-error-range-in-past = The first date cannot be before today.
appt-error-office = Choose an immigration office.
appt-error-date = Enter a valid date.
appt-error-category = Choose a category.
appt-error-already-waiting = This NIK already has an active booking or is already on the waitlist.

## My bookings

appt-bookings-title = My bookings
appt-bookings-new = Book a new appointment
appt-bookings-empty = You have no bookings yet.
appt-code = Booking code
appt-when = Appointment
appt-status = Status
appt-waitlist-title = Waitlist
appt-waitlist-explain = When a place in your date range is cancelled or lapses, it is booked automatically for the first person waiting. You receive an e-mail and must pay before the deadline.
appt-waitlist-empty = You are not on the waitlist.
appt-waitlist-dates = Dates
appt-waitlist-see-booking = See the booking
appt-waitlist-leave = Leave the waitlist
appt-done-booked = Your appointment is booked. Pay the passport fee with the billing code below before the deadline.
appt-done-cancelled = The booking was cancelled.
appt-done-cancelled-paid = The booking was cancelled. The fee you paid is not refunded.
appt-done-rescheduled = The appointment was moved.
appt-done-joined = You joined the waitlist.
appt-done-left = You left the waitlist.
appt-done-not-waiting = This entry is no longer waiting.

## One booking

appt-booking-title = Booking
appt-pay-title = Payment
appt-billing-code = Billing code
appt-amount = Amount
appt-deadline = Pay before
appt-minutes-left = Time left to pay: { $duration }.
appt-deadline-passed = The payment deadline has passed. The booking will lapse.
appt-pay-how = Pay with this billing code at any bank, post office or payment app that accepts SIMPONI. The status changes automatically once the payment arrives.
appt-pay-demo-bank = Pay at the simulated bank (demo)
appt-proof-link = Show the proof of appointment (QR code)
appt-booking-appointment = Appointment
appt-check-in = Check-in
appt-check-in-window = opens at { $opens }, closes at { $closes }
appt-rescheduled-note = This appointment was already moved once; it cannot be moved again.
appt-booking-actions = Change or cancel
appt-reschedule = Move the appointment
appt-cancel = Cancel the booking
appt-back-to-booking = Back to the booking

## Cancel and reschedule

appt-cancel-title = Cancel this booking?
appt-cancel-warning = Cancelling cannot be undone. Your place returns to the quota and someone else can book it.
appt-cancel-no-refund = This booking is paid. The passport fee is never refunded: if you cancel, the fee is lost.
appt-cancel-confirm = Yes, cancel the booking
appt-cancel-keep = No, keep the booking
appt-cancel-not-allowed = This booking can no longer be cancelled.
appt-reschedule-title = Move the appointment
appt-reschedule-current = Current appointment
appt-reschedule-once = An appointment can be moved once, to another session at the same office and in the same category, no later than the day before (H-1).
appt-reschedule-none = No other session can be chosen in the next 14 days.
appt-reschedule-choose = Choose a new session
appt-places-left = places left: { $count }
appt-reschedule-submit = Move to this session

## Proof of appointment

appt-proof-title = Proof of appointment
appt-proof-qr-label = QR code of booking { $code }
appt-proof-bring = Show this QR code at the kiosk or to an officer, and bring your e-KTP and original documents.
appt-proof-print = Print this page or keep it on your phone.
appt-proof-unavailable = The proof of appointment is available once the payment has arrived.
appt-proof-void = This booking is “{ $status }”, so it has no valid proof of appointment.

## Waitlist

appt-waitlist-form-title = Join the waitlist
appt-waitlist-what = Office and dates you want
appt-choose-office = Choose an office
appt-waitlist-from = From
appt-waitlist-to = Until
appt-waitlist-range-hint = At most { $days } days.
appt-waitlist-offer-note = When you get a place, the booking is made for you and you must pay before its deadline.
appt-waitlist-submit = Join the waitlist

## Simulated bank (demo)

appt-bank-title = Simulated bank
appt-bank-demo-note = Demo only: no real money moves.
appt-bank-code-hint = The 15-digit billing code from the booking page.
appt-bank-lookup = Find the bill
appt-bank-bill = Bill
appt-bank-pay = Pay { $amount }
appt-bank-paid = Payment received. The booking is confirmed.
appt-bank-refund = The payment was recorded for refund, because the booking is no longer valid (expired or cancelled).
appt-bank-error-format = A billing code has 15 digits.
appt-bank-error-unknown = No bill has this billing code.
appt-bank-error-already-paid = This bill is already paid.
appt-bank-error-refused = The payment was refused. Check the billing code and try again.
appt-bank-error-expired = This billing code has expired: its payment deadline has passed and the bank refuses it. Book again to get a new code.
appt-queue-title = Your queue number
appt-queue-called = Your number has been called: please go to counter { $counter }.
appt-queue-ahead = People ahead of you
appt-queue-wait = Estimated wait
appt-queue-minutes = about { $minutes } minutes
appt-queue-hint = Reload this page for your latest position, or watch the queue board at the office.
