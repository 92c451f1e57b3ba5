//! The booking questions of a turn: office → date → session → type →
//! name, birth date, sex → NIK → confirm, and the booking itself.
//!
//! Each answer fills one field of the conversation's [`Data`]; then the
//! first question whose answer is missing is asked (`Turn::advance`), with
//! its choices computed now. A question whose premise vanished (no dates
//! left, a slot gone) clears its answer and the next missing one is asked
//! instead. Reading the answers is [`crate::whatsapp::parse`]'s, wording
//! the questions [`crate::whatsapp::wording`]'s; reads go through the stores.

use imigrasi_core::{Nik, NikError, OfficeZone, Sex};
use imigrasi_platform::offices::{self, Office};
use jiff::civil::Date;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr};

use super::{Effect, MAX_CHOICES, Refused, Turn, book, check};
use crate::api::bookings::ApplicantBody;
use crate::app::BookingError;
use crate::domain::{Category, PassportType, Purpose};
use crate::store::{self, Applicant, BookingRequest};
use crate::whatsapp::conversation::{Data, Step};
use crate::whatsapp::parse::{self, Command};
use crate::whatsapp::store as wa;
use crate::whatsapp::wording::{self, Say, Summary};

impl Turn<'_> {
    /// An answer to the current booking question (office to confirmation).
    pub(super) async fn answer(&mut self, text: &str, cmd: Command) -> Result<(), DbErr> {
        match self.conv.step {
            Step::Office => self.office_answer(text, &cmd).await,
            Step::Date => self.date_answer(text, &cmd).await,
            Step::Session => self.session_answer(&cmd).await,
            Step::Kind => self.kind_answer(&cmd).await,
            Step::Name => {
                match parse::parse_name(text) {
                    Some(n) => {
                        self.conv.data.full_name = Some(n);
                        self.advance(self.db()).await?;
                    }
                    None => self.say(Say::NameInvalid),
                }
                Ok(())
            }
            Step::Birth => {
                let today = self.now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
                match parse::parse_date(text).filter(|d| d.year() >= 1900 && *d <= today) {
                    Some(d) => {
                        self.conv.data.birth_date = Some(d.to_string());
                        self.advance(self.db()).await?;
                    }
                    None => self.say(Say::BirthInvalid),
                }
                Ok(())
            }
            Step::Sex => {
                match parse::parse_sex(text) {
                    Some(s) => {
                        self.conv.data.sex = Some(s.as_str().to_owned());
                        self.advance(self.db()).await?;
                    }
                    None => self.say(Say::SexInvalid),
                }
                Ok(())
            }
            Step::Nik => self.nik_answer(text, &cmd).await,
            Step::Confirm => match cmd {
                Command::Yes => {
                    self.effect = Some(Effect::Book);
                    Ok(())
                }
                Command::No | Command::Cancel(None) => {
                    self.reset();
                    self.say(Say::Stopped);
                    self.say(Say::Menu);
                    Ok(())
                }
                Command::Restart => self.restart_applicant().await,
                _ => {
                    self.say(Say::ConfirmAgain);
                    Ok(())
                }
            },
            Step::Menu | Step::Expired | Step::CancelConfirm => Ok(()),
        }
    }

    pub(super) async fn start_booking(&mut self) -> Result<(), DbErr> {
        let linked = wa::linked_account(self.db(), &self.conv.number).await?;
        if linked.is_none()
            && let Some(code) = wa::active_booking_of_number(self.db(), &self.conv.number).await?
        {
            self.say(Say::BookLimit { code: &code });
            return Ok(());
        }
        self.conv.data = Data::default();
        self.conv.step = Step::Office;
        self.say(Say::AskOffice);
        Ok(())
    }

    /// The first question whose answer is missing.
    fn next_step(&self) -> Step {
        let d = &self.conv.data;
        if d.office.is_none() {
            Step::Office
        } else if d.date.is_none() {
            Step::Date
        } else if d.slot_id.is_none() {
            Step::Session
        } else if d.passport_type.is_none() || d.service.is_none() {
            Step::Kind
        } else if d.full_name.is_none() {
            Step::Name
        } else if d.birth_date.is_none() {
            Step::Birth
        } else if d.sex.is_none() {
            Step::Sex
        } else if d.nik_index.is_none() {
            Step::Nik
        } else {
            Step::Confirm
        }
    }

    /// Go to the first question whose answer is missing, and ask it.
    pub(super) async fn advance(&mut self, c: &impl ConnectionTrait) -> Result<(), DbErr> {
        // A question whose premise vanished (no dates left, a slot gone)
        // clears its answer and the next missing one is asked instead.
        for _ in 0..4 {
            self.conv.step = self.next_step();
            if self.prompt(c).await? {
                return Ok(());
            }
        }
        self.reset();
        self.say(Say::Menu);
        Ok(())
    }

    async fn office(&self, c: &impl ConnectionTrait) -> Result<Option<Office>, DbErr> {
        match &self.conv.data.office {
            Some(code) => offices::find(c, code).await,
            None => Ok(None),
        }
    }

    /// Ask the current step's question (lists computed now). False when
    /// its premise is gone (an answer was cleared): ask the next missing one.
    pub(super) async fn prompt(&mut self, c: &impl ConnectionTrait) -> Result<bool, DbErr> {
        self.conv.data.choices.clear();
        match self.conv.step {
            Step::Office => self.say(Say::AskOffice),
            Step::Date => {
                let Some(office) = self.office(c).await? else {
                    self.conv.data.office = None;
                    return Ok(false);
                };
                let mut dates: Vec<Date> = wa::open_slots(c, &office, self.now, None)
                    .await?
                    .iter()
                    .map(|s| s.date)
                    .collect();
                dates.dedup();
                dates.truncate(MAX_CHOICES);
                if dates.is_empty() {
                    self.conv.data.office = None;
                    self.conv.step = Step::Office;
                    self.say(Say::DateNone);
                    return Ok(true);
                }
                self.reply.push(wording::date_question(self.lang(), &dates));
                self.conv.data.choices = dates.iter().map(Date::to_string).collect();
            }
            Step::Session => {
                let (Some(office), Some(date)) = (
                    self.office(c).await?,
                    self.conv
                        .data
                        .date
                        .as_deref()
                        .and_then(|d| d.parse::<Date>().ok()),
                ) else {
                    self.conv.data.date = None;
                    return Ok(false);
                };
                let zone = office.zone().unwrap_or(OfficeZone::Jakarta);
                let mut slots = wa::open_slots(c, &office, self.now, Some(date)).await?;
                slots.truncate(MAX_CHOICES);
                if slots.is_empty() {
                    self.conv.data.date = None;
                    self.say(Say::DateUnavailable);
                    return Ok(false);
                }
                self.reply
                    .push(wording::session_question(self.lang(), date, &slots, zone));
                self.conv.data.choices = slots.iter().map(|s| s.id.clone()).collect();
            }
            Step::Kind => {
                let category = match &self.conv.data.slot_id {
                    Some(id) => store::slot(c, id)
                        .await?
                        .map(|s| s.category)
                        .unwrap_or(Category::Regular),
                    None => Category::Regular,
                };
                let regular = store::fee(c, PassportType::Regular, category).await?;
                let electronic = store::fee(c, PassportType::Electronic, category).await?;
                self.reply
                    .push(wording::kind_question(self.lang(), regular, electronic));
            }
            Step::Name => self.say(Say::AskName),
            Step::Birth => self.say(Say::AskBirth),
            Step::Sex => self.say(Say::AskSex),
            Step::Nik => self.say(Say::AskNik),
            Step::Confirm => {
                if !self.summary(c).await? {
                    return Ok(false);
                }
            }
            Step::Menu | Step::Expired | Step::CancelConfirm => self.say(Say::Menu),
        }
        if self.conv.step.is_booking() && self.conv.step != Step::Confirm {
            self.say(Say::HintStop);
        }
        Ok(true)
    }

    fn choice(&self, cmd: &Command) -> Option<String> {
        match cmd {
            Command::Number(n) if *n >= 1 => self.conv.data.choices.get(n - 1).cloned(),
            _ => None,
        }
    }

    async fn office_answer(&mut self, text: &str, cmd: &Command) -> Result<(), DbErr> {
        if let Some(code) = self.choice(cmd) {
            self.conv.data.office = Some(code);
            return self.chosen_office().await;
        }
        let all = offices::list(self.db()).await?;
        let wanted = parse::office_code(text);
        if let Some(o) = all.iter().find(|o| o.code == wanted) {
            self.conv.data.office = Some(o.code.clone());
            return self.chosen_office().await;
        }
        let words = parse::office_words(text);
        let found: Vec<&Office> = all
            .iter()
            .filter(|o| parse::office_matches(&words, &o.name, &o.city, &o.code))
            .collect();
        match found.as_slice() {
            [] => {
                self.say(Say::OfficeNone);
                self.say(Say::HintStop);
            }
            [one] => {
                self.conv.data.office = Some(one.code.clone());
                return self.chosen_office().await;
            }
            many => {
                let shown = &many[..many.len().min(MAX_CHOICES)];
                self.reply.push(wording::office_choices(
                    self.lang(),
                    shown.iter().map(|o| o.name.as_str()),
                ));
                self.conv.data.choices = shown.iter().map(|o| o.code.clone()).collect();
            }
        }
        Ok(())
    }

    async fn chosen_office(&mut self) -> Result<(), DbErr> {
        if let Some(o) = self.office(self.db()).await? {
            self.say(Say::OfficeChosen { office: &o.name });
        }
        self.conv.data.date = None;
        self.conv.data.slot_id = None;
        self.advance(self.db()).await
    }

    async fn date_answer(&mut self, text: &str, cmd: &Command) -> Result<(), DbErr> {
        let mut picked = self.choice(cmd);
        // A typed date may lie beyond the dates listed: open is enough.
        if picked.is_none()
            && let Some(d) = parse::parse_date(text)
            && let Some(office) = self.office(self.db()).await?
            && !wa::open_slots(self.db(), &office, self.now, Some(d))
                .await?
                .is_empty()
        {
            picked = Some(d.to_string());
        }
        match picked {
            Some(d) => {
                self.conv.data.date = Some(d);
                self.conv.data.slot_id = None;
                self.advance(self.db()).await
            }
            None => {
                self.say(Say::DateUnavailable);
                self.advance(self.db()).await
            }
        }
    }

    async fn session_answer(&mut self, cmd: &Command) -> Result<(), DbErr> {
        match self.choice(cmd) {
            Some(id) => {
                self.conv.data.slot_id = Some(id);
                self.advance(self.db()).await
            }
            None => {
                self.say(Say::ChoiceInvalid);
                self.advance(self.db()).await
            }
        }
    }

    async fn kind_answer(&mut self, cmd: &Command) -> Result<(), DbErr> {
        match parse::kind_choice(cmd) {
            Some((p, s)) => {
                self.conv.data.passport_type = Some(p.as_str().to_owned());
                self.conv.data.service = Some(s.as_str().to_owned());
                self.advance(self.db()).await
            }
            None => {
                self.say(Say::ChoiceInvalid);
                self.advance(self.db()).await
            }
        }
    }

    async fn restart_applicant(&mut self) -> Result<(), DbErr> {
        let d = &mut self.conv.data;
        d.full_name = None;
        d.birth_date = None;
        d.sex = None;
        d.nik_index = None;
        d.nik_masked = None;
        self.advance(self.db()).await
    }

    async fn nik_answer(&mut self, text: &str, cmd: &Command) -> Result<(), DbErr> {
        if *cmd == Command::Restart {
            return self.restart_applicant().await;
        }
        let digits = parse::nik_digits(text);
        match Nik::parse(&digits) {
            Err(NikError::WrongLength { .. }) | Err(NikError::NonDigit { .. }) => {
                self.say(Say::NikLength);
                self.say(Say::HintStop);
                return Ok(());
            }
            Err(_) => {
                self.say(Say::NikInvalid);
                self.say(Say::HintStop);
                return Ok(());
            }
            Ok(_) => {}
        }
        let d = &self.conv.data;
        let body = ApplicantBody {
            nik: Some(digits),
            full_name: d.full_name.clone(),
            birth_date: d.birth_date.clone(),
            sex: d.sex.clone(),
        };
        let applicant = match check(self.state, &body) {
            Ok(a) => a,
            Err(Refused::Mismatch) => {
                self.say(Say::NikMismatch);
                return Ok(());
            }
            Err(Refused::InvalidNik) => {
                self.say(Say::NikInvalid);
                return Ok(());
            }
            Err(Refused::Other) => return self.restart_applicant().await,
        };
        if store::nik_is_active(self.db(), &applicant.nik_index).await? {
            self.reset();
            self.say(Say::NikActive);
            self.say(Say::Menu);
            return Ok(());
        }
        self.conv.data.nik_index = Some(applicant.nik_index);
        self.conv.data.nik_masked = Some(applicant.nik_masked);
        self.advance(self.db()).await
    }

    async fn summary(&mut self, c: &impl ConnectionTrait) -> Result<bool, DbErr> {
        let d = self.conv.data.clone();
        let (Some(office), Some(slot)) = (
            self.office(c).await?,
            match &d.slot_id {
                Some(id) => store::slot(c, id).await?,
                None => None,
            },
        ) else {
            self.conv.data.slot_id = None;
            return Ok(false);
        };
        let passport = d
            .passport_type
            .as_deref()
            .and_then(|p| p.parse::<PassportType>().ok())
            .unwrap_or(PassportType::Regular);
        let fee = store::fee(c, passport, slot.category).await?;
        let text = wording::summary(
            self.lang(),
            &Summary {
                office: &office.name,
                slot: &slot,
                zone: office.zone().unwrap_or(OfficeZone::Jakarta),
                fee,
                passport_type: d.passport_type.as_deref(),
                service: d.service.as_deref(),
                full_name: d.full_name.as_deref(),
                birth_date: d.birth_date.as_deref(),
                nik_masked: d.nik_masked.as_deref(),
            },
        );
        self.reply.push(text);
        self.say(Say::ConfirmAgain);
        Ok(true)
    }

    /// Book with the collected data inside the turn's transaction.
    pub(super) async fn book_collected(&mut self, txn: &DatabaseTransaction) -> Result<(), DbErr> {
        let d = self.conv.data.clone();
        let parsed = (
            d.slot_id.clone(),
            d.passport_type.as_deref().and_then(|p| p.parse().ok()),
            d.service.as_deref().and_then(|s| s.parse().ok()),
            d.birth_date.as_deref().and_then(|b| b.parse::<Date>().ok()),
            d.sex.as_deref().and_then(|s| s.parse::<Sex>().ok()),
            d.full_name.clone(),
            d.nik_index.clone(),
            d.nik_masked.clone(),
        );
        let (
            Some(slot_id),
            Some(passport_type),
            Some(service),
            Some(birth_date),
            Some(sex),
            Some(full_name),
            Some(nik_index),
            Some(nik_masked),
        ) = parsed
        else {
            return self.advance(txn).await;
        };
        let number = self.conv.number.clone();
        let account = wa::linked_account(txn, &number).await?;
        if account.is_none()
            && let Some(code) = wa::active_booking_of_number(txn, &number).await?
        {
            self.reset();
            self.say(Say::BookLimit { code: &code });
            return Ok(());
        }
        let req = BookingRequest {
            account_id: account,
            slot_id,
            applicant: Applicant {
                nik_index,
                nik_masked,
                full_name,
                birth_date,
                sex,
            },
            passport_type,
            service,
            validity_years: 5,
            purpose: Purpose::Other,
            married: false,
            channel: "whatsapp",
            waitlist_id: None,
        };
        let (state, origin, now, lang) = (self.state, self.origin(), self.now, self.lang());
        let phone_number_id = self.conv.phone_number_id.clone();
        // A savepoint, so that a refused booking leaves the turn's transaction usable.
        let booked = wa::in_savepoint(txn, async |sp| {
            let (booking, slot) = book(sp, state, &req, origin, now).await?;
            wa::record_booking(sp, &booking, &number, &phone_number_id, lang, now).await?;
            Ok::<_, BookingError>((booking, slot))
        })
        .await?;
        match booked {
            Ok((booking, slot)) => {
                let office = offices::find(txn, &booking.office_code).await?;
                let zone = office
                    .as_ref()
                    .and_then(Office::zone)
                    .unwrap_or(OfficeZone::Jakarta);
                let office_name = office
                    .map(|o| o.name)
                    .unwrap_or(booking.office_code.clone());
                self.reset();
                let text = wording::booked(self.lang(), &booking, &slot, &office_name, zone);
                self.reply.push(text);
                self.say(Say::BookedPay);
                self.say(Say::BookedCheck {
                    code: &booking.code,
                });
                Ok(())
            }
            Err(BookingError::Db(e)) => Err(e),
            Err(
                BookingError::SlotFull | BookingError::NotBookable(_) | BookingError::SlotNotFound,
            ) => {
                self.say(Say::BookFull);
                self.conv.data.slot_id = None;
                self.advance(txn).await
            }
            Err(BookingError::AlreadyBooked) => {
                self.reset();
                self.say(Say::NikActive);
                self.say(Say::Menu);
                Ok(())
            }
            Err(BookingError::BookingLimit(_)) => {
                self.reset();
                self.say(Say::BookLimitAccount);
                Ok(())
            }
            Err(BookingError::Ineligible(i)) => {
                // WhatsApp books 5-year passports for new or renewal: only a
                // priority session can refuse here.
                self.reset();
                self.reply.push(wording::ineligible(self.lang(), &i));
                self.say(Say::Menu);
                Ok(())
            }
            Err(other) => Err(DbErr::Custom(format!(
                "a WhatsApp booking was refused unexpectedly: {other}"
            ))),
        }
    }
}
