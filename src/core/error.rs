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

    /// Converts a serde_json error, located by serde_path_to_error, into a path + message.
    pub(crate) fn from_json(err: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = err.path().to_string();
        let inner = err.into_inner();
        let raw = inner.to_string();
        // serde_json appends " at line L column C"; the path already locates the value.
        let text = raw.split(" at line ").next().unwrap_or(&raw).to_string();
        if inner.is_syntax() || inner.is_eof() {
            return InputError::new(ErrorCode::InvalidJson, "", raw);
        }
        if let Some(field) = text
            .strip_prefix("missing field `")
            .and_then(|s| s.strip_suffix('`'))
        {
            let full = if path.is_empty() || path == "." {
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
        let path = if path == "." { String::new() } else { path };
        InputError::new(ErrorCode::InvalidField, path, text)
    }
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
