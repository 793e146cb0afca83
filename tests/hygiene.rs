//! Contact hygiene (`core::hygiene`): role accounts, domain mismatch, phone hints, dedupe keys.

use leadlens::core::hygiene::check;
use leadlens::core::parse_lead;

const FREE_MAIL: [&str; 3] = ["gmail.com", "outlook.com", "yahoo.com"];

/// `(email, company domain, phone, country)` → (dedupe key, E.164 phone, hint codes).
fn expect(
    email: &str,
    domain: &str,
    phone: &str,
    country: Option<&str>,
    key: &str,
    e164: Option<&str>,
    hints: &[&str],
) {
    let text = serde_json::json!({ "id": "h", "contact": { "email": email, "phone": phone },
                                   "company": { "domain": domain } })
    .to_string();
    let lead = parse_lead(&text).expect("valid lead");
    let quality = check(&lead, country, |d| FREE_MAIL.contains(&d));
    let codes: Vec<&str> = quality.hints.iter().map(|h| &*h.code).collect();
    assert_eq!(
        (
            quality.dedupe_key.as_str(),
            quality.phone_e164.as_deref(),
            codes.as_slice()
        ),
        (key, e164, hints),
        "{email} / {domain} / {phone} / {country:?}: {:?}",
        quality.hints
    );
}

#[test]
fn dedupe_keys_find_the_same_person_twice() {
    expect(
        "Dana.Ruiz@AcmeLogistics.com",
        "acmelogistics.com",
        "",
        None,
        "dana.ruiz@acmelogistics.com|acmelogistics.com",
        None,
        &[],
    );
    expect(
        "dana.ruiz+webinar@acmelogistics.com",
        "https://www.acmelogistics.com/",
        "",
        None,
        "dana.ruiz@acmelogistics.com|acmelogistics.com",
        None,
        &[],
    );
    // Gmail ignores dots and tags; the company comes from the record, not the free-mail domain.
    expect(
        "Dana.Ruiz+x@gmail.com",
        "acmelogistics.com",
        "",
        None,
        "danaruiz@gmail.com|acmelogistics.com",
        None,
        &[],
    );
    expect("dana@gmail.com", "", "", None, "dana@gmail.com|", None, &[]);
    // No company domain: a work email's domain stands in.
    expect(
        "dana@acmelogistics.com",
        "",
        "",
        None,
        "dana@acmelogistics.com|acmelogistics.com",
        None,
        &[],
    );
    expect("", "", "", None, "", None, &[]);
}

#[test]
fn role_accounts_and_other_companies_domains_are_flagged() {
    expect(
        "info@acmelogistics.com",
        "acmelogistics.com",
        "",
        None,
        "info@acmelogistics.com|acmelogistics.com",
        None,
        &["role_account"],
    );
    expect(
        "Sales@fabrikam.com",
        "fabrikam.com",
        "",
        None,
        "sales@fabrikam.com|fabrikam.com",
        None,
        &["role_account"],
    );
    expect(
        "dana@agency-partners.com",
        "acmelogistics.com",
        "",
        None,
        "dana@agency-partners.com|acmelogistics.com",
        None,
        &["domain_mismatch"],
    );
    // Subdomains and country second levels are the same company; free mail is not a mismatch.
    expect(
        "dana@eu.acmelogistics.com",
        "acmelogistics.com",
        "",
        None,
        "dana@eu.acmelogistics.com|acmelogistics.com",
        None,
        &[],
    );
    expect(
        "dana@mail.acme.co.uk",
        "acme.co.uk",
        "",
        None,
        "dana@mail.acme.co.uk|acme.co.uk",
        None,
        &[],
    );
    expect(
        "dana@other.co.uk",
        "acme.co.uk",
        "",
        None,
        "dana@other.co.uk|acme.co.uk",
        None,
        &["domain_mismatch"],
    );
    expect(
        "dana@gmail.com",
        "acme.com",
        "",
        None,
        "dana@gmail.com|acme.com",
        None,
        &[],
    );
}

#[test]
fn phones_are_normalised_or_explained() {
    expect(
        "",
        "",
        "+1 (555) 010-0100",
        None,
        "",
        Some("+15550100100"),
        &[],
    );
    expect(
        "",
        "",
        "0049 30 1234567",
        None,
        "",
        Some("+49301234567"),
        &[],
    );
    expect(
        "",
        "",
        "(555) 010-0100",
        Some("US"),
        "",
        Some("+15550100100"),
        &[],
    );
    expect(
        "",
        "",
        "030 1234567",
        Some("DE"),
        "",
        Some("+49301234567"),
        &["phone_needs_country_code"],
    );
    expect(
        "",
        "",
        "030 1234567",
        None,
        "",
        None,
        &["phone_needs_country_code"],
    );
    expect("", "", "12345", Some("US"), "", None, &["phone_invalid"]);
    expect(
        "",
        "",
        "555 0100 12",
        Some("US"),
        "",
        None,
        &["phone_invalid"],
    );
}
