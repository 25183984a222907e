//! What string values mean: emails, URLs, identifiers, network addresses, phone numbers,
//! payment data, codes, coordinates, JSON and colours. Each check is cheap: a value is
//! dispatched on its first byte and length to the few kinds it could be, and only those are
//! validated (checksums included: Luhn for card numbers, ISO 7064 mod 97 for IBANs).

/// The semantic kinds, in the order of [`Kind::ALL`] (their index is their slot in a column's
/// counts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Email,
    Url,
    Uuid,
    Ipv4,
    Ipv6,
    Phone,
    Mac,
    CreditCard,
    Iban,
    UsSsn,
    CountryCode,
    CurrencyCode,
    LatLon,
    Json,
    HexColor,
}

impl Kind {
    pub const ALL: [Kind; 15] = [
        Kind::Email,
        Kind::Url,
        Kind::Uuid,
        Kind::Ipv4,
        Kind::Ipv6,
        Kind::Phone,
        Kind::Mac,
        Kind::CreditCard,
        Kind::Iban,
        Kind::UsSsn,
        Kind::CountryCode,
        Kind::CurrencyCode,
        Kind::LatLon,
        Kind::Json,
        Kind::HexColor,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Url => "url",
            Kind::Uuid => "uuid",
            Kind::Ipv4 => "ipv4",
            Kind::Ipv6 => "ipv6",
            Kind::Phone => "phone",
            Kind::Mac => "mac_address",
            Kind::CreditCard => "credit_card",
            Kind::Iban => "iban",
            Kind::UsSsn => "us_ssn",
            Kind::CountryCode => "country_code",
            Kind::CurrencyCode => "currency_code",
            Kind::LatLon => "lat_lon",
            Kind::Json => "json",
            Kind::HexColor => "hex_color",
        }
    }

    /// Whether values of this kind are personal data (they identify or reach a person).
    pub fn personal(self) -> bool {
        matches!(self, Kind::Email | Kind::Phone | Kind::CreditCard | Kind::Iban | Kind::UsSsn | Kind::Ipv4 | Kind::Ipv6)
    }
}

/// The personal kinds ([`Kind::personal`]) as a bit set.
pub const PERSONAL: u16 = 1 << Kind::Email as u16 | 1 << Kind::Phone as u16 | 1 << Kind::CreditCard as u16 | 1 << Kind::Iban as u16 | 1 << Kind::UsSsn as u16 | 1 << Kind::Ipv4 as u16 | 1 << Kind::Ipv6 as u16;

/// Every kind `s` (a value with surrounding blanks trimmed) is, as a bit set over
/// [`Kind::ALL`] (0: none). Country and currency codes can overlap; the others exclude each
/// other.
#[inline]
pub fn kinds(s: &[u8]) -> u16 {
    let n = s.len();
    // Two- and three-letter codes first: the most common values checked.
    if let [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] = *s {
        let k = (a - b'A') as usize * 26 + (b - b'A') as usize;
        return ((ALPHA2_SET[k / 64] >> (k % 64) & 1) as u16) << Kind::CountryCode as u16;
    }
    if n < 2 || n > 254 {
        return 0;
    }
    kinds_of(s)
}

#[inline(never)]
fn kinds_of(s: &[u8]) -> u16 {
    let n = s.len();
    let bit = |k: Kind| 1u16 << k as u16;
    let b0 = s[0];
    match b0 {
        b'A'..=b'Z' if n <= 3 => {
            let mut m = 0;
            if country_code(s) {
                m |= bit(Kind::CountryCode);
            }
            if currency_code(s) {
                m |= bit(Kind::CurrencyCode);
            }
            m
        }
        b'#' if hex_color(s) => bit(Kind::HexColor),
        b'{' | b'[' if json(s) => bit(Kind::Json),
        b'+' | b'(' if phone(s) => bit(Kind::Phone),
        b'a'..=b'z' => {
            // Lower case first: a URL, an email, or hex (a UUID, a MAC or an IPv6 address).
            if n >= 8 && matches!(b0, b'h' | b'f' | b'w') && url(s) {
                return bit(Kind::Url);
            }
            if b0 <= b'f' {
                if n == 36 && s[8] == b'-' && uuid(s) {
                    return bit(Kind::Uuid);
                }
                if n == 17 && mac(s) {
                    return bit(Kind::Mac);
                }
                if n <= 45 && ipv6(s) {
                    return bit(Kind::Ipv6);
                }
            }
            if n >= 6 && email(s) {
                return bit(Kind::Email);
            }
            0
        }
        _ => {
            if n >= 8 && (b0 == b'H' || b0 == b'W' || b0 == b'F') && url(s) {
                return bit(Kind::Url);
            }
            // A few fixed shapes by length.
            if n == 36 && s[8] == b'-' && uuid(s) {
                return bit(Kind::Uuid);
            }
            if n == 17 && mac(s) {
                return bit(Kind::Mac);
            }
            if n == 11 && s[3] == b'-' && s[6] == b'-' {
                // The SSN shape: an SSN or nothing (not a phone number).
                return if ssn(s) { bit(Kind::UsSsn) } else { 0 };
            }
            if b0.is_ascii_digit() {
                if n >= 7 && n <= 15 && s.iter().all(|&c| c.is_ascii_digit() || c == b'.') && ipv4(s) {
                    return bit(Kind::Ipv4);
                }
                if card(s) {
                    return bit(Kind::CreditCard);
                }
                if phone(s) {
                    return bit(Kind::Phone);
                }
            }
            if (b0.is_ascii_digit() || b0 == b'-' || b0 == b'(') && lat_lon(s) {
                return bit(Kind::LatLon);
            }
            if b0.is_ascii_uppercase() && n >= 15 && s[1].is_ascii_uppercase() && iban(s) {
                return bit(Kind::Iban);
            }
            if (b0 == b':' || b0.is_ascii_hexdigit()) && s.contains(&b':') && ipv6(s) {
                return bit(Kind::Ipv6);
            }
            if n >= 6 && email(s) {
                return bit(Kind::Email);
            }
            0
        }
    }
}

fn email(s: &[u8]) -> bool {
    let Some(at) = s.iter().position(|&c| c == b'@') else { return false };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if local.is_empty() || local.len() > 64 || domain.len() < 3 || local[0] == b'.' || local[local.len() - 1] == b'.' {
        return false;
    }
    let local_ok = local.iter().all(|&c| c.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&c) || c >= 0x80);
    local_ok && domain_name(domain, true)
}

/// `label(.label)+`, the last label of letters (a top-level domain) when `tld`.
fn domain_name(d: &[u8], tld: bool) -> bool {
    let mut labels = 0;
    let mut last: &[u8] = b"";
    for l in d.split(|&c| c == b'.') {
        if l.is_empty() || l.len() > 63 || l[0] == b'-' || l[l.len() - 1] == b'-' {
            return false;
        }
        if !l.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c >= 0x80) {
            return false;
        }
        labels += 1;
        last = l;
    }
    labels >= 2 && (!tld || (last.len() >= 2 && last.iter().all(|c| c.is_ascii_alphabetic() || *c >= 0x80)))
}

fn url(s: &[u8]) -> bool {
    let lower = |p: &[u8]| s.len() > p.len() && s[..p.len()].eq_ignore_ascii_case(p);
    let rest = if lower(b"https://") {
        &s[8..]
    } else if lower(b"http://") {
        &s[7..]
    } else if lower(b"ftp://") {
        &s[6..]
    } else if lower(b"www.") {
        s
    } else {
        return false;
    };
    if s.iter().any(|&c| c <= b' ') {
        return false;
    }
    let host_end = rest.iter().position(|&c| matches!(c, b'/' | b'?' | b'#' | b':')).unwrap_or(rest.len());
    let host = &rest[..host_end];
    let host = host.rsplit(|&c| c == b'@').next().unwrap_or(host);
    host == b"localhost" || domain_name(host, false)
}

fn hex(c: u8) -> bool {
    c.is_ascii_hexdigit()
}

fn uuid(s: &[u8]) -> bool {
    s.iter().enumerate().all(|(i, &c)| if matches!(i, 8 | 13 | 18 | 23) { c == b'-' } else { hex(c) })
}

fn mac(s: &[u8]) -> bool {
    let sep = s[2];
    (sep == b':' || sep == b'-') && s.iter().enumerate().all(|(i, &c)| if i % 3 == 2 { c == sep } else { hex(c) })
}

fn ssn(s: &[u8]) -> bool {
    let d = |r: std::ops::Range<usize>| s[r].iter().all(u8::is_ascii_digit);
    if !(d(0..3) && s[6] == b'-' && d(4..6) && d(7..11)) {
        return false;
    }
    let area = &s[0..3];
    area != b"000" && area != b"666" && area[0] != b'9' && &s[4..6] != b"00" && &s[7..11] != b"0000"
}

fn ipv4(s: &[u8]) -> bool {
    std::str::from_utf8(s).ok().and_then(|t| t.parse::<std::net::Ipv4Addr>().ok()).is_some()
}

fn ipv6(s: &[u8]) -> bool {
    s.len() >= 3 && s.contains(&b':') && s.iter().all(|&c| hex(c) || c == b':' || c == b'.') && std::str::from_utf8(s).ok().and_then(|t| t.parse::<std::net::Ipv6Addr>().ok()).is_some()
}

/// 13-19 digits, in groups split by single spaces or dashes, with an issuer's prefix and a
/// valid Luhn check digit.
fn card(s: &[u8]) -> bool {
    let mut digits = [0u8; 19];
    let mut n = 0;
    let mut prev_sep = true;
    for &c in s {
        if c.is_ascii_digit() {
            if n == 19 {
                return false;
            }
            digits[n] = c - b'0';
            n += 1;
            prev_sep = false;
        } else if (c == b' ' || c == b'-') && !prev_sep {
            prev_sep = true;
        } else {
            return false;
        }
    }
    if !(13..=19).contains(&n) || prev_sep {
        return false;
    }
    let d = &digits[..n];
    let p2 = d[0] as u32 * 10 + d[1] as u32;
    let p4 = p2 * 100 + d[2] as u32 * 10 + d[3] as u32;
    let issuer = d[0] == 4 || (51..=55).contains(&p2) || (2221..=2720).contains(&p4) || p2 == 34 || p2 == 37 || p4 == 6011 || p2 == 65 || p2 == 35 || p2 == 36 || p2 == 38 || (300..=305).contains(&(p4 / 10)) || p2 == 62;
    if !issuer {
        return false;
    }
    let mut sum = 0u32;
    for (i, &x) in d.iter().rev().enumerate() {
        let mut v = x as u32;
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// Two letters, two check digits, 11-30 letters and digits (in groups of four or not); the
/// ISO 7064 mod 97-10 check.
fn iban(s: &[u8]) -> bool {
    let mut chars = [0u8; 34];
    let mut n = 0;
    for &c in s {
        if c == b' ' {
            continue;
        }
        if n == 34 || !c.is_ascii_alphanumeric() {
            return false;
        }
        chars[n] = c.to_ascii_uppercase();
        n += 1;
    }
    if n < 15 || !chars[2].is_ascii_digit() || !chars[3].is_ascii_digit() || !country_code(&chars[..2]) {
        return false;
    }
    let mut rem = 0u32;
    for &c in chars[4..n].iter().chain(&chars[..4]) {
        let v = if c.is_ascii_digit() { (c - b'0') as u32 } else { (c - b'A') as u32 + 10 };
        rem = if v >= 10 { (rem * 100 + v) % 97 } else { (rem * 10 + v) % 97 };
    }
    rem == 1
}

/// E.164 (`+` and 8-15 digits, with spaces, dashes, dots or parentheses between) or a national
/// number of 7-15 digits with at least one of those separators.
fn phone(s: &[u8]) -> bool {
    let mut digits = 0;
    let mut seps = 0;
    let mut parens = 0;
    for (i, &c) in s.iter().enumerate() {
        match c {
            b'0'..=b'9' => digits += 1,
            b'+' if i == 0 => {}
            b' ' | b'-' | b'.' => seps += 1,
            b'(' => parens += 1,
            b')' => parens -= 1,
            _ => return false,
        }
        if parens < 0 || parens > 1 {
            return false;
        }
    }
    if parens != 0 || !s[s.len() - 1].is_ascii_digit() {
        return false;
    }
    if s[0] == b'+' { (8..=15).contains(&digits) } else { (7..=15).contains(&digits) && (seps > 0 || s[0] == b'(') && seps <= 5 }
}

/// `lat, lon` or `(lat, lon)`: decimals in -90..=90 and -180..=180, with a fraction.
fn lat_lon(s: &[u8]) -> bool {
    let s = match s {
        [b'(', inner @ .., b')'] => inner,
        _ => s,
    };
    let Some(comma) = memchr::memchr(b',', s) else { return false };
    let num = |t: &[u8]| -> Option<f64> {
        let t = t.trim_ascii();
        if t.is_empty() || !t.contains(&b'.') || !t.iter().all(|&c| c.is_ascii_digit() || c == b'.' || c == b'-') {
            return None;
        }
        std::str::from_utf8(t).ok()?.parse().ok()
    };
    match (num(&s[..comma]), num(&s[comma + 1..])) {
        (Some(a), Some(b)) => a.abs() <= 90.0 && b.abs() <= 180.0,
        _ => false,
    }
}

fn json(s: &[u8]) -> bool {
    let close = if s[0] == b'{' { b'}' } else { b']' };
    s[s.len() - 1] == close && serde_json::from_slice::<serde::de::IgnoredAny>(s).is_ok()
}

fn hex_color(s: &[u8]) -> bool {
    matches!(s.len(), 4 | 5 | 7 | 9) && s[1..].iter().all(|&c| hex(c))
}

/// A bit set over three upper-case letters (or two: the third is `A` - 1), built at compile
/// time from a list of codes.
const fn letter_set<const N: usize>(codes: &str, len: usize) -> [u64; N] {
    let mut set = [0u64; N];
    let b = codes.as_bytes();
    let mut i = 0;
    while i + len <= b.len() {
        let mut k = 0usize;
        let mut j = 0;
        while j < len {
            k = k * 26 + (b[i + j] - b'A') as usize;
            j += 1;
        }
        set[k / 64] |= 1 << (k % 64);
        i += len;
    }
    set
}

fn in_set(set: &[u64], s: &[u8]) -> bool {
    let mut k = 0usize;
    for &c in s {
        if !c.is_ascii_uppercase() {
            return false;
        }
        k = k * 26 + (c - b'A') as usize;
    }
    set[k / 64] >> (k % 64) & 1 == 1
}

/// ISO 3166-1 alpha-2 and alpha-3 codes (officially assigned), upper case.
const ALPHA2: &str = "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";
const ALPHA3: &str = "ABWAFGAGOAIAALAALBANDAREARGARMASMATAATFATGAUSAUTAZEBDIBELBENBESBFABGDBGRBHRBHSBIHBLMBLRBLZBMUBOLBRABRBBRNBTNBVTBWACAFCANCCKCHECHLCHNCIVCMRCODCOGCOKCOLCOMCPVCRICUBCUWCXRCYMCYPCZEDEUDJIDMADNKDOMDZAECUEGYERIESHESPESTETHFINFJIFLKFRAFROFSMGABGBRGEOGGYGHAGIBGINGLPGMBGNBGNQGRCGRDGRLGTMGUFGUMGUYHKGHMDHNDHRVHTIHUNIDNIMNINDIOTIRLIRNIRQISLISRITAJAMJEYJORJPNKAZKENKGZKHMKIRKNAKORKWTLAOLBNLBRLBYLCALIELKALSOLTULUXLVAMACMAFMARMCOMDAMDGMDVMEXMHLMKDMLIMLTMMRMNEMNGMNPMOZMRTMSRMTQMUSMWIMYSMYTNAMNCLNERNFKNGANICNIUNLDNORNPLNRUNZLOMNPAKPANPCNPERPHLPLWPNGPOLPRIPRKPRTPRYPSEPYFQATREUROURUSRWASAUSDNSENSGPSGSSHNSJMSLBSLESLVSMRSOMSPMSRBSSDSTPSURSVKSVNSWESWZSXMSYCSYRTCATCDTGOTHATJKTKLTKMTLSTONTTOTUNTURTUVTWNTZAUGAUKRUMIURYUSAUZBVATVCTVENVGBVIRVNMVUTWLFWSMYEMZAFZMBZWE";
/// ISO 4217 active currency codes.
const CURRENCY: &str = "AEDAFNALLAMDANGAOAARSAUDAWGAZNBAMBBDBDTBGNBHDBIFBMDBNDBOBBRLBSDBTNBWPBYNBZDCADCDFCHFCLPCNYCOPCRCCUPCVECZKDJFDKKDOPDZDEGPERNETBEURFJDFKPGBPGELGHSGIPGMDGNFGTQGYDHKDHNLHTGHUFIDRILSINRIQDIRRISKJMDJODJPYKESKGSKHRKMFKPWKRWKWDKYDKZTLAKLBPLKRLRDLSLLYDMADMDLMGAMKDMMKMNTMOPMRUMURMVRMWKMXNMYRMZNNADNGNNIONOKNPRNZDOMRPABPENPGKPHPPKRPLNPYGQARRONRSDRUBRWFSARSBDSCRSDGSEKSGDSHPSLESOSSRDSSPSTNSVCSYPSZLTHBTJSTMTTNDTOPTRYTTDTWDTZSUAHUGXUSDUYUUZSVESVNDVUVWSTXAFXCDXOFXPFYERZARZMWZWLXAUXAGXDR";
static ALPHA2_SET: [u64; 11] = letter_set(ALPHA2, 2);
static ALPHA3_SET: [u64; 275] = letter_set(ALPHA3, 3);
static CURRENCY_SET: [u64; 275] = letter_set(CURRENCY, 3);

fn country_code(s: &[u8]) -> bool {
    match s.len() {
        2 => in_set(&ALPHA2_SET, s),
        3 => in_set(&ALPHA3_SET, s),
        _ => false,
    }
}

fn currency_code(s: &[u8]) -> bool {
    s.len() == 3 && in_set(&CURRENCY_SET, s)
}

/// A value's shape: letters become `a` or `A`, digits `9`, other ASCII stays, anything else
/// `*`. What a profile shows of personal data when it is exported without values.
pub fn shape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'a'..='z' => 'a',
            'A'..='Z' => 'A',
            '0'..='9' => '9',
            c if c.is_ascii() => c,
            _ => '*',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(s: &str) -> Option<&'static str> {
        let m = kinds(s.as_bytes());
        Kind::ALL.iter().find(|k| m & (1 << **k as u16) != 0).map(|k| k.name())
    }

    #[test]
    fn each_kind_and_its_near_misses() {
        let yes: &[(&str, &str)] = &[
            ("jane.doe+tag@example.co.uk", "email"),
            ("a@b.io", "email"),
            ("https://example.com/a?b=c", "url"),
            ("www.example.org/path", "url"),
            ("http://localhost:8080/x", "url"),
            ("123e4567-e89b-12d3-a456-426614174000", "uuid"),
            ("192.168.0.1", "ipv4"),
            ("2001:db8::8a2e:370:7334", "ipv6"),
            ("::1", "ipv6"),
            ("+1 555-123-4567", "phone"),
            ("+442079460958", "phone"),
            ("(555) 123-4567", "phone"),
            ("555-123-4567", "phone"),
            ("01 23 45 67 89", "phone"),
            ("00:1A:2b:3C:4d:5E", "mac_address"),
            ("00-1A-2B-3C-4D-5E", "mac_address"),
            ("4111111111111111", "credit_card"),
            ("4111 1111 1111 1111", "credit_card"),
            ("5500-0055-5555-5559", "credit_card"),
            ("378282246310005", "credit_card"),
            ("DE89 3704 0044 0532 0130 00", "iban"),
            ("GB82WEST12345698765432", "iban"),
            ("123-45-6789", "us_ssn"),
            ("DE", "country_code"),
            ("USA", "country_code"),
            ("EUR", "currency_code"),
            ("40.7128, -74.0060", "lat_lon"),
            ("(51.5074,-0.1278)", "lat_lon"),
            ("{\"a\": [1, 2]}", "json"),
            ("[1,2,3]", "json"),
            ("#ff8800", "hex_color"),
            ("#FFF", "hex_color"),
        ];
        for (v, k) in yes {
            assert_eq!(kind_of(v), Some(*k), "{v}");
        }
        let no = [
            "jane.doe@", "@example.com", "a b@c.de", "a@b", "a@b.c1", "htp://x.y", "https://", "https://exa mple.com", "123e4567-e89b-12d3-a456-42661417400g",
            "256.1.1.1", "1.2.3", "1:2", "+12", "555 12", "12-34", "00:1A:2B:3C:4D", "4111111111111112", "1234567890123456", "DE89 3704 0044 0532 0130 01",
            "000-12-3456", "666-12-3456", "123-00-6789", "XX", "de", "XXX", "91.0, 10.0", "10, 20", "{not json}", "#ggg", "#12", "hello world", "ab",
        ];
        for v in no {
            assert_eq!(kind_of(v), None, "{v}");
        }
        // A three-letter code may be both a country and a currency... none is; these are one.
        assert_eq!(kinds(b"CHF").count_ones(), 1);
        assert_eq!(shape("Jane Doe <j.doe@ex.com> +1 555"), "Aaaa Aaa <a.aaa@aa.aaa> +9 999");
        assert_eq!(shape("Zoë"), "Aa*");
        for k in Kind::ALL {
            assert_eq!(PERSONAL >> k as u16 & 1 == 1, k.personal(), "{k:?}");
        }
    }
}
