//! Typed errors of the core. Each names the JSON path of the offending value and what was expected,
//! so a CLI can print `line 12: company.employees: expected …` and JS callers can branch on `code`.

use std::fmt;

use serde::Serialize;

/// Stable, machine-readable error codes (also the `code` of errors thrown to JavaScript).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The text is not JSON at all (or is truncated).
    InvalidJson,
    /// A required field is absent or empty.
    MissingField,
    /// A field has the wrong JSON type or an unacceptable value.
    InvalidField,
    /// A model failed validation; see the listed problems.
    InvalidModel,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::MissingField => "missing_field",
            ErrorCode::InvalidField => "invalid_field",
            ErrorCode::InvalidModel => "invalid_model",
        }
    }
}

/// A lead (or any other input record) that cannot be read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputError {
    pub code: ErrorCode,
    /// JSON path of the offending value, e.g. `company.employees` or `events[2].at`; empty for the
    /// record as a whole.
    pub path: String,
    /// What was expected there, in words.
    pub message: String,
}

impl InputError {
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            code,
            path: path.into(),
            message: message.into(),
        }
    }

    /// Converts a serde_json error on `text` into a path + message. serde_json reports where it
    /// stopped (line and column); [`json_path_at`] turns that position into the JSON path.
    pub(crate) fn from_json(err: serde_json::Error, text: &str) -> Self {
        let raw = err.to_string();
        if err.is_syntax() || err.is_eof() {
            return InputError::new(ErrorCode::InvalidJson, "", raw);
        }
        // serde_json appends " at line L column C"; the path locates the value better.
        let message = raw.split(" at line ").next().unwrap_or(&raw).to_string();
        let path = json_path_at(text, byte_offset(text, err.line(), err.column()));
        if let Some(field) = message
            .strip_prefix("missing field `")
            .and_then(|s| s.strip_suffix('`'))
        {
            let full = if path.is_empty() {
                field.to_string()
            } else {
                format!("{path}.{field}")
            };
            return InputError::new(
                ErrorCode::MissingField,
                full,
                format!("missing required field `{field}`"),
            );
        }
        InputError::new(ErrorCode::InvalidField, path, message)
    }
}

/// Byte offset of serde_json's 1-based line and (byte) column.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    line_start.saturating_add(column).min(text.len())
}

enum Frame {
    Object {
        key: Option<String>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The JSON path (`events[2].at`) of the value being read at byte `offset` of `text`.
///
/// serde_json stops right after the offending value (or the offending key, or the closing brace
/// of an object missing a field), so the open containers and their current keys at that point
/// are the path. A small scanner instead of `serde_path_to_error`: that crate wraps every serde
/// visitor and doubled the parsing code in the wasm bundle.
pub fn json_path_at(text: &str, offset: usize) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut string_is_key = false;
    let mut key = String::new();
    for (i, c) in text.char_indices() {
        if i >= offset {
            break;
        }
        if in_string {
            if escaped {
                escaped = false;
                if string_is_key {
                    key.push(c);
                }
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
                if string_is_key {
                    if let Some(Frame::Object { key: k, .. }) = stack.last_mut() {
                        *k = Some(std::mem::take(&mut key));
                    }
                }
            } else if string_is_key {
                key.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                string_is_key = matches!(
                    stack.last(),
                    Some(Frame::Object {
                        expecting_key: true,
                        ..
                    })
                );
                key.clear();
            }
            '{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            '[' => stack.push(Frame::Array { index: 0 }),
            '}' | ']' => {
                stack.pop();
            }
            ':' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            ',' => match stack.last_mut() {
                Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    path
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for InputError {}

/// One thing wrong with a model, located by its JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelProblem {
    pub path: String,
    pub message: String,
}

/// A model that cannot be used: either unreadable JSON or one or more validation problems.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelError {
    pub code: ErrorCode,
    /// Every problem found, not just the first.
    pub problems: Vec<ModelProblem>,
}

impl ModelError {
    pub(crate) fn from_input(e: InputError) -> Self {
        ModelError {
            code: ErrorCode::InvalidModel,
            problems: vec![ModelProblem {
                path: e.path,
                message: e.message,
            }],
        }
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid model ({} problem{})",
            self.problems.len(),
            if self.problems.len() == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            if p.path.is_empty() {
                write!(f, "\n  - {}", p.message)?;
            } else {
                write!(f, "\n  - {}: {}", p.path, p.message)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for ModelError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, at: &str, expect: &str) {
        let offset = text.find(at).map_or(text.len(), |i| i + at.len());
        assert_eq!(json_path_at(text, offset), expect, "{text} at {at:?}");
    }

    #[test]
    fn paths_at_positions() {
        check(
            r#"{"id":"a","company":{"employees":"lots"}}"#,
            r#""lots""#,
            "company.employees",
        );
        check(
            r#"{"events":[{"type":"x"},{"at":"yesterday"}]}"#,
            r#""yesterday""#,
            "events[1].at",
        );
        check(
            r#"{"events":[{"type":"x"},{"at":"2026"}]}"#,
            r#""2026"}"#,
            "events[1]",
        );
        check(r#"{"a":{"b\"c":[1,[2,3]]}}"#, "[2,3", "a.b\"c[1][1]");
        check(r#"{"a":1, "b":{}}"#, "}}", "");
        check(r#"{"k\u0041":true}"#, "true", "ku0041");
    }
}
