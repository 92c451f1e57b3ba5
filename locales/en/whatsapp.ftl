# The passport queue conversation on WhatsApp. Never repeat what the person wrote (it may hold a NIK).

wa-welcome = Welcome to the Immigration passport queue on WhatsApp.
wa-menu =
    Reply with a number:
    1. Book a passport appointment
    2. Check a booking (STATUS code)
    3. Cancel a booking (BATAL code)
    4. Help
    Ketik ID untuk Bahasa Indonesia.
wa-help =
    Commands:
    MENU: back to the menu
    1 or BOOK: book a passport appointment
    STATUS code: a booking's status, e.g. STATUS ABCD234567
    BATAL code (or CANCEL code): cancel a booking
    CANCEL (while booking): stop booking
    EN / ID: change language
    One WhatsApp number may hold one active booking. Pay the fee with the billing code at a bank, ATM, post office or payment app.
wa-not-understood = Sorry, I did not understand your message.
wa-unsupported-type = Sorry, I can only read text messages. Please type your message.
wa-expired = Your previous session ended after 30 minutes without a reply, so the unfinished details were deleted.
wa-lang-set = OK, we will continue in English.
wa-stopped = Booking stopped; nothing you sent was kept.
wa-hint-stop = (Type CANCEL to stop, MENU for the menu.)
wa-ask-office = Which immigration office would you like to visit? Type a city or an office code, e.g. Batam, Medan or JKT-SELATAN.
wa-office-none = I could not find that office. Type just the city, e.g. Surabaya, Denpasar or Batam.
wa-office-many = Several offices match. Reply with a number:
wa-office-chosen = Office: { $office }.
wa-ask-date = Dates with free places. Reply with a number, or type a date (DD-MM-YYYY):
wa-date-none = There is nothing to book at this office right now. Type another city, or try again later.
wa-date-unavailable = That date is not available. Reply with one of the numbers in the list.
wa-ask-session = Sessions on { $date }. Reply with a number:
wa-session-line = { $n }. { $time } { $category } ({ $left } places left)
wa-choice-invalid = Reply with one of the numbers in the list.
wa-ask-kind = Type of application. Reply with a number:
wa-ask-name = Write the applicant's full name as on the identity card (KTP).
wa-name-invalid = A name has letters, spaces and punctuation only (no digits), at most 100 characters. Write the full name as on the identity card.
wa-ask-birth = The applicant's birth date (DD-MM-YYYY), e.g. 17-08-1990.
wa-birth-invalid = I could not read that birth date. Write it like 17-08-1990.
wa-ask-sex = The applicant's sex: reply M (male) or F (female).
wa-sex-invalid = Reply M for male or F for female.
wa-ask-nik = Last, write the applicant's NIK (16 digits, as on the identity card). It is only used to check the identity and is not stored whole.
wa-nik-length = A NIK has 16 digits. Please check it and send it again.
wa-nik-invalid = That NIK is not valid. Check the digits against the identity card and send it again.
wa-nik-mismatch = The birth date or sex does not match the NIK. Check the NIK and send it again, or reply RESTART to enter the applicant's details again.
wa-nik-active = This NIK already has an active booking; one NIK may hold one active booking.
wa-confirm = Please check your booking:
wa-confirm-again = Reply YES to book, NO to stop, or RESTART to enter the applicant's details again.
wa-booked = Booked; your place is held until the payment deadline.
wa-booked-pay = Pay with the billing code at a bank, ATM, post office or payment app. If it is not paid by the deadline, the booking lapses.
wa-booked-check = Check it any time: STATUS { $code }
wa-book-full = Sorry, that session has just filled up or can no longer be booked.
wa-book-limit = This number already has an active booking ({ $code }). One WhatsApp number may hold one active booking; cancel it first with BATAL { $code } if needed.
wa-book-limit-account = The account linked to this number already holds the maximum of active bookings.
wa-status = Booking { $code }: { $status }
wa-appointment = { $date } at { $time }
wa-label-office = Office
wa-label-appointment = Appointment
wa-label-kind = Type
wa-label-fee = Fee
wa-label-name = Name
wa-label-birth = Birth date
wa-label-nik = NIK
wa-label-code = Booking code
wa-label-billing-code = Billing code
wa-label-deadline = Pay before
wa-status-pay = Pay { $amount } with billing code { $billing_code } before { $deadline }.
wa-status-ask-code = Send STATUS followed by the booking code, e.g. STATUS ABCD234567.
wa-code-not-found = No booking with that code was found for this number. A booking code has 10 letters and digits; check it and send it again.
wa-cancel-ask-code = Send BATAL (or CANCEL) followed by the booking code, e.g. BATAL ABCD234567.
wa-cancel-confirm = Cancel booking { $code } ({ $office }, { $date } at { $time })? Reply YES to cancel, or NO.
wa-cancel-done = Booking { $code } is cancelled and its place returned to the quota.
wa-cancel-refused = Booking { $code } can no longer be cancelled (status: { $status }; cancelling is possible only before the appointment starts).
wa-cancel-kept = OK, booking { $code } is kept.
wa-cancel-again = Reply YES to cancel booking { $code }, or NO.
wa-category-regular = Regular
wa-category-accelerated = Accelerated
wa-category-priority = Priority (elderly, disabled, pregnant, small children)
wa-kind-regular-new = Regular passport, first application
wa-kind-regular-renewal = Regular passport, renewal
wa-kind-electronic-new = Electronic passport, first application
wa-kind-electronic-renewal = Electronic passport, renewal
wa-status-awaiting-payment = awaiting payment
wa-status-confirmed = confirmed
wa-status-expired = lapsed (not paid)
wa-status-cancelled = cancelled
wa-status-checked-in = checked in
wa-status-served = served
wa-status-no-show = did not attend
wa-link-code-text = Code to link this WhatsApp number to your Imigrasi account: { $code }. Valid for 10 minutes. Do not share this code with anyone.
wa-link-title = WhatsApp number
wa-link-back = Back to the account
wa-link-intro = Link your WhatsApp number to this account: bookings made by WhatsApp appear in your account, and the number may hold more than one active booking (up to the account's limit).
wa-link-linked = Linked WhatsApp number: { $number }.
wa-link-none = No WhatsApp number is linked yet.
wa-link-unlink = Unlink this number
wa-link-pending = A code was sent to { $number }. Type that 6-digit code here.
wa-link-code-label = Code from WhatsApp
wa-link-confirm = Link
wa-link-number-label = WhatsApp number
wa-link-number-hint = With the country code and no leading 0, e.g. 6281234567890.
wa-link-send = Send code
wa-link-sent = A code was sent by WhatsApp. It is valid for 10 minutes.
wa-link-done = The WhatsApp number is linked to your account.
wa-link-unlinked = The WhatsApp number is no longer linked to your account.
wa-link-error-number = Not a valid number. Write it with the country code, e.g. 6281234567890.
wa-link-error-code = Wrong code. Check the WhatsApp message and try again.
wa-link-error-void = Too many wrong tries. Ask for a new code.
wa-link-error-expired = The code has expired. Ask for a new one.
wa-link-error-none = No code was requested. Enter your number first.
wa-link-account-link = Link a WhatsApp number
