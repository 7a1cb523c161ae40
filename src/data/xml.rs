//! What the XML readers (TBX here, XLIFF in the check) share on top of
//! quick-xml's event reader: names without prefixes, attribute values,
//! references resolved.

use quick_xml::events::{BytesRef, BytesStart};
use quick_xml::XmlVersion;

/// The local name of an element (its namespace prefix dropped).
pub(crate) fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// The value of attribute `name` (`xml:lang` included), if any.
pub(crate) fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(XmlVersion::default())
            .ok()
            .map(|v| v.into_owned())
    })
}

/// The text a reference stands for: a character reference (`&#233;`) or one
/// of XML's predefined entities (`&amp;`); `None` for any other entity,
/// which a file without a DTD cannot define.
pub(crate) fn resolve(r: &BytesRef<'_>) -> Option<String> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c.to_string()),
        _ => quick_xml::escape::resolve_predefined_entity(r).map(str::to_string),
    }
}
