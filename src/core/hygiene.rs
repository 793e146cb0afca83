//! Contact hygiene: what a form or a CRM record gets wrong about how to reach a lead — role
//! accounts, an email at another company's domain, a phone number without a country code — and
//! the dedupe key that finds the same person twice. Hints, not scores: they tell a marketer or a
//! rep what to fix; negative fit (invalid or disposable email) stays in `score.rs`.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::lead::Lead;
use super::model::normalize_domain;
use super::text::ascii_lowercase;

/// Shared mailboxes: a person reads them, but not the buyer who filled in the form.
const ROLE_ACCOUNTS: [&str; 24] = [
    "admin",
    "billing",
    "careers",
    "contact",
    "enquiries",
    "enquiry",
    "hello",
    "help",
    "hr",
    "info",
    "inquiries",
    "jobs",
    "mail",
    "marketing",
    "noreply",
    "no-reply",
    "office",
    "orders",
    "sales",
    "service",
    "support",
    "team",
    "webmaster",
    "accounts",
];

/// Second-level labels under which registrable domains sit one level deeper (`acme.co.uk`).
const SECOND_LEVELS: [&str; 8] = ["co", "com", "net", "org", "ac", "gov", "edu", "ltd"];

/// Country calling codes of the countries the default model serves, for phone hints.
const CALLING_CODES: [(&str, &str); 22] = [
    ("US", "1"),
    ("CA", "1"),
    ("GB", "44"),
    ("IE", "353"),
    ("DE", "49"),
    ("FR", "33"),
    ("NL", "31"),
    ("BE", "32"),
    ("LU", "352"),
    ("ES", "34"),
    ("PT", "351"),
    ("IT", "39"),
    ("AT", "43"),
    ("CH", "41"),
    ("DK", "45"),
    ("SE", "46"),
    ("NO", "47"),
    ("FI", "358"),
    ("PL", "48"),
    ("CZ", "420"),
    ("AU", "61"),
    ("IN", "91"),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactHint {
    /// `role_account`, `domain_mismatch`, `phone_needs_country_code`, `phone_invalid`.
    pub code: Cow<'static, str>,
    pub field: Cow<'static, str>,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactQuality {
    /// Normalised email and company domain: `dana.ruiz@acmelogistics.com|acmelogistics.com`.
    /// Empty when neither is known.
    pub dedupe_key: String,
    /// The phone in E.164 (`+15550100`) when it can be read that way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_e164: Option<String>,
    #[serde(default)]
    pub hints: Vec<ContactHint>,
}

/// Checks a lead's contact data. `is_free_mail` tells whether an email domain is a free-mail
/// provider (the model's list): a Gmail address is not "another company's domain".
pub fn check(
    lead: &Lead,
    country_code: Option<&str>,
    is_free_mail: impl Fn(&str) -> bool,
) -> ContactQuality {
    let mut hints = Vec::new();
    let email = lead.contact.email.as_deref().map(str::trim).unwrap_or("");
    let (local, email_domain) = email
        .rsplit_once('@')
        .map_or(("", ""), |(local, domain)| (local, domain));
    let email_domain = normalize_domain(email_domain);
    let company_domain = lead
        .company
        .domain
        .as_deref()
        .map(normalize_domain)
        .unwrap_or_default();

    let local_lower = ascii_lowercase(local);
    // `info+web@` is still the info@ mailbox.
    let mailbox = local_lower.split('+').next().unwrap_or(&local_lower);
    if ROLE_ACCOUNTS.contains(&mailbox) {
        hints.push(ContactHint {
            code: Cow::Borrowed("role_account"),
            field: Cow::Borrowed("contact.email"),
            message: format!("{mailbox}@ is a shared mailbox: ask for the person's own address"),
        });
    }

    let free = !email_domain.is_empty() && is_free_mail(&email_domain);
    if !email_domain.is_empty()
        && !company_domain.is_empty()
        && !free
        && registrable(&email_domain) != registrable(&company_domain)
    {
        hints.push(ContactHint {
            code: Cow::Borrowed("domain_mismatch"),
            field: Cow::Borrowed("contact.email"),
            message: format!(
                "the email is at {email_domain} but the company's domain is {company_domain}: \
                 check it is the same company (or an agency)"
            ),
        });
    }

    let phone = lead.contact.phone.as_deref().map(str::trim).unwrap_or("");
    let phone_e164 = if phone.is_empty() {
        None
    } else {
        let (e164, hint) = phone_check(phone, country_code);
        hints.extend(hint);
        e164
    };

    let domain = if company_domain.is_empty() && !free {
        email_domain.clone()
    } else {
        company_domain
    };
    // Every result with an email writes one: built in one string, not through the formatting
    // machinery.
    let mut dedupe_key = String::with_capacity(local.len() + email_domain.len() + domain.len() + 2);
    push_dedupe_email(&mut dedupe_key, &local_lower, &email_domain, free);
    if !(dedupe_key.is_empty() && domain.is_empty()) {
        dedupe_key.push('|');
        dedupe_key.push_str(&domain);
    }
    ContactQuality {
        dedupe_key,
        phone_e164,
        hints,
    }
}

/// The registrable part of a domain: `mail.acme.co.uk` → `acme.co.uk`, `eu.acme.com` → `acme.com`.
fn registrable(domain: &str) -> &str {
    let mut labels = domain.rsplit('.');
    let keep = match (labels.next(), labels.next()) {
        (Some(last), Some(second)) if last.len() == 2 && SECOND_LEVELS.contains(&second) => 3,
        _ => 2,
    };
    // The last `keep` labels: what follows the keep-th dot from the right (all of it when there
    // are fewer dots).
    domain
        .bytes()
        .enumerate()
        .rev()
        .filter(|&(_, b)| b == b'.')
        .nth(keep - 1)
        .and_then(|(dot, _)| domain.get(dot + 1..))
        .unwrap_or(domain)
}

/// One mailbox, one key: case folded, `+tags` dropped, and for free-mail providers that ignore
/// them (Gmail), dots in the local part dropped too. Appended to `key`; nothing when the local
/// part or the domain is empty.
fn push_dedupe_email(key: &mut String, local: &str, domain: &str, free: bool) {
    if local.is_empty() || domain.is_empty() {
        return;
    }
    let base = local.split('+').next().unwrap_or(local);
    if free && matches!(domain, "gmail.com" | "googlemail.com") {
        key.extend(base.chars().filter(|&c| c != '.'));
    } else {
        key.push_str(base);
    }
    key.push('@');
    key.push_str(domain);
}

/// A phone number as E.164 if it reads as one, with a hint when it does not.
fn phone_check(phone: &str, country: Option<&str>) -> (Option<String>, Option<ContactHint>) {
    let mut digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let international = phone.starts_with('+') || phone.starts_with("00");
    if phone.starts_with("00") {
        // The international prefix: those two zeros are the first digits.
        digits.drain(..digits.len().min(2));
    }
    let invalid = |message: String| ContactHint {
        code: Cow::Borrowed("phone_invalid"),
        field: Cow::Borrowed("contact.phone"),
        message,
    };
    if !(6..=15).contains(&digits.len()) {
        return (
            None,
            Some(invalid(format!(
                "{phone} has {} digits; a phone number has 6 to 15",
                digits.len()
            ))),
        );
    }
    if international {
        digits.insert(0, '+');
        return (Some(digits), None);
    }
    let code = country.and_then(|c| {
        CALLING_CODES
            .iter()
            .find(|(iso, _)| iso.eq_ignore_ascii_case(c))
            .map(|(_, code)| *code)
    });
    match code {
        // North American numbers are written without the country code as a matter of course.
        Some("1") => match digits.len() {
            10 => (Some(["+1", digits.as_str()].concat()), None),
            11 if digits.starts_with('1') => (Some(["+", digits.as_str()].concat()), None),
            n => (
                None,
                Some(invalid(format!(
                    "{phone} has {n} digits; a North American number has 10"
                ))),
            ),
        },
        // Elsewhere the national form starts with a trunk 0 that E.164 drops.
        Some(code) => {
            let national = digits.strip_prefix('0').unwrap_or(&digits);
            (
                Some(["+", code, national].concat()),
                Some(ContactHint {
                    code: Cow::Borrowed("phone_needs_country_code"),
                    field: Cow::Borrowed("contact.phone"),
                    message: format!("{phone} has no country code: read as +{code} {national}"),
                }),
            )
        }
        None => (
            None,
            Some(ContactHint {
                code: Cow::Borrowed("phone_needs_country_code"),
                field: Cow::Borrowed("contact.phone"),
                message: format!("{phone} has no country code and the country is unknown"),
            }),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::domain_and_parents;

    /// `registrable` against its definition written plainly: the longest of the domain and its
    /// parents that has at most `keep` labels.
    #[test]
    fn registrable_is_the_longest_parent_with_few_enough_labels() {
        let plain = |domain: &str| -> String {
            let mut labels = domain.rsplit('.');
            let keep = match (labels.next(), labels.next()) {
                (Some(last), Some(second))
                    if last.len() == 2 && SECOND_LEVELS.contains(&second) =>
                {
                    3
                }
                _ => 2,
            };
            domain_and_parents(domain)
                .find(|d| d.split('.').count() <= keep)
                .unwrap_or(domain)
                .to_string()
        };
        let alphabet = ['a', '.', 'c', 'o', 'u', 'k'];
        let mut domains = crate::core::text::every_text(&alphabet, 6);
        domains.extend(
            [
                "mail.acme.co.uk",
                "eu.acme.com",
                "acme.com",
                "a.b.c.d.e",
                "x.co.uk",
                "co.uk",
                "",
            ]
            .map(String::from),
        );
        for domain in &domains {
            assert_eq!(registrable(domain), plain(domain), "{domain:?}");
        }
    }
}
