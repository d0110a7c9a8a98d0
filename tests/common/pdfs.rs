//! Certificate PDFs made the way certificate tools make them, for the tests that read them:
//! with krilla (an embedded TrueType subset with a ToUnicode map, as word processors and
//! browsers write), with lopdf (a standard Type 1 font, text moved line by line inside one
//! text object, as simple report generators write), without any text (a scan), locked with a
//! password, and cut short.

use std::sync::Arc;

use krilla::Document;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use lopdf::content::{Content, Operation};
use lopdf::{EncryptionState, EncryptionVersion, Object, Permissions, Stream, dictionary};

static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// One line of a certificate: where it stands (x from the left, y from the top, in points),
/// its size, and what it says.
pub struct Line<'a>(pub f32, pub f32, pub f32, pub &'a str);

/// A landscape certificate with each line drawn where `lines` says, as krilla writes text.
pub fn krilla_pdf(lines: &[Line]) -> Vec<u8> {
    let font = Font::new(Arc::new(FONT.to_vec()).into(), 0).expect("DejaVu Sans loads");
    let mut doc = Document::new();
    let mut page = doc.start_page_with(PageSettings::from_wh(792.0, 612.0).unwrap());
    let mut surface = page.surface();
    frame(&mut surface);
    for Line(x, y, size, text) in lines {
        surface.draw_text(
            Point::from_xy(*x, *y),
            font.clone(),
            *size,
            text,
            false,
            TextDirection::Auto,
        );
    }
    surface.finish();
    page.finish();
    doc.finish().expect("krilla writes the PDF")
}

/// The decorative border certificates have: shapes, no text.
fn frame(surface: &mut krilla::surface::Surface) {
    let mut pb = PathBuilder::new();
    pb.push_rect(Rect::from_xywh(20.0, 20.0, 752.0, 572.0).unwrap());
    pb.push_rect(Rect::from_xywh(30.0, 30.0, 732.0, 552.0).unwrap());
    surface.set_fill(None);
    surface.set_stroke(Some(krilla::paint::Stroke::default()));
    surface.draw_path(&pb.finish().unwrap());
    surface.set_stroke(None);
    surface.set_fill(Some(krilla::paint::Fill::default()));
}

/// A certificate with the lines centred one under the other, as krilla writes text.
pub fn certificate_pdf(lines: &[&str]) -> Vec<u8> {
    let laid: Vec<Line> = lines
        .iter()
        .enumerate()
        .map(|(i, t)| Line(80.0, 80.0 + 28.0 * i as f32, 14.0, t))
        .collect();
    krilla_pdf(&laid)
}

/// A scan: only shapes on the page, no text layer at all.
pub fn scanned_pdf() -> Vec<u8> {
    krilla_pdf(&[])
}

/// A certificate written with a standard font, every line in one text object moved down
/// with `Td`, as simple generators write.
pub fn type1_pdf(lines: &[&str]) -> Vec<u8> {
    type1_document(lines).1
}

fn type1_document(lines: &[&str]) -> (lopdf::Document, Vec<u8>) {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut operations = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 12.into()]),
        Operation::new("TL", vec![18.into()]),
        Operation::new("Td", vec![72.into(), 540.into()]),
    ];
    for line in lines {
        operations.push(Operation::new("Tj", vec![Object::string_literal(*line)]));
        operations.push(Operation::new("T*", vec![]));
    }
    operations.push(Operation::new("ET", vec![]));
    let content = Content { operations };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 792.into(), 612.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set(
        "ID",
        vec![
            Object::string_literal("certificate-id-0001"),
            Object::string_literal("certificate-id-0001"),
        ],
    );
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    (doc, bytes)
}

/// A certificate that opens only with the password `secret`.
pub fn locked_pdf(lines: &[&str]) -> Vec<u8> {
    let (mut doc, _) = type1_document(lines);
    let version = EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password: "secret",
        key_length: 128,
        permissions: Permissions::all(),
    };
    let state = EncryptionState::try_from(version).unwrap();
    doc.encrypt(&state).unwrap();
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

/// A download cut short: the first part of a real certificate.
pub fn cut_pdf(lines: &[&str]) -> Vec<u8> {
    let mut bytes = certificate_pdf(lines);
    bytes.truncate(bytes.len() / 3);
    bytes
}

/// The text of an AAMA e-Learning certificate.
pub const AAMA: [&str; 8] = [
    "AAMA e-Learning Center",
    "Certificate of Completion",
    "This certifies that Jane Doe, CMA (AAMA)",
    "has successfully completed",
    "Phlebotomy Update: Order of Draw",
    "Date of completion: 03/14/2024",
    "This course has been approved for 2.0 AAMA CEUs (Clinical).",
    "Provided by: American Association of Medical Assistants",
];

/// The text of a nursing-style certificate in contact hours.
pub const NURSING: [&str; 7] = [
    "CERTIFICATE OF ATTENDANCE",
    "Awarded to Jane Doe for successfully completing",
    "“Infection Control in the Outpatient Clinic”",
    "Completed on March 14, 2024",
    "1.5 contact hours",
    "Acme Health Education is accredited as a provider of nursing continuing professional development by the American Nurses Credentialing Center.",
    "Presented by Acme Health Education",
];

/// The text of an NHA certificate with a "CE credit" statement.
pub const NHA: [&str; 5] = [
    "National Healthcareer Association",
    "Continuing Education Certificate",
    "Course Title: Medical Billing and Coding Essentials",
    "Jane Doe completed this program on 2024-03-14.",
    "This program has been approved by the National Healthcareer Association (NHA) for 1.0 CE credit.",
];

/// The text of a BLS eCard.
pub const BLS: [&str; 7] = [
    "American Heart Association",
    "BLS Provider",
    "Jane Doe has successfully completed the cognitive and skills evaluations",
    "in accordance with the curriculum of the Basic Life Support (CPR and AED) Program.",
    "Issue Date: 03/14/2024",
    "Recommended Renewal Date: 03/2026",
    "Training Center Name: County Hospital Training Center",
];
