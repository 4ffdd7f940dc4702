//! Request extractors whose rejections are the API's own `{code, message}` errors instead of
//! axum's plain-text ones, and the edge check of text (`ecourt_domain::text`) on everything
//! that comes in: every string in a JSON body, every query value and path parameter.

use crate::kernel::error::{ApiResult, Failure};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use ecourt_api::ApiErrorCode;
use ecourt_domain::text::{self, Shape, TextProblem};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A JSON body whose every string (and key) passed the text rule.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Failure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let value = json_value(req, state).await?;
        check_json(&value)?;
        decode(value).map(ApiJson)
    }
}

/// A JSON body taken without the text check, for the one route that must record the refusal
/// itself (`/actions`: a refused action keeps its mutation id, so later ones are not a gap).
pub struct UncheckedJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for UncheckedJson<T> {
    type Rejection = Failure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        decode(json_value(req, state).await?).map(UncheckedJson)
    }
}

async fn json_value<S: Send + Sync>(req: Request, state: &S) -> Result<Value, Failure> {
    match axum::Json::<Value>::from_request(req, state).await {
        Ok(axum::Json(v)) => Ok(v),
        Err(rejection) => Err(json_failure(rejection)),
    }
}

fn decode<T: DeserializeOwned>(value: Value) -> Result<T, Failure> {
    serde_json::from_value(value).map_err(|e| {
        Failure::new(
            ApiErrorCode::MalformedJson,
            format!("the body is not the expected shape: {e}"),
        )
    })
}

fn json_failure(rejection: JsonRejection) -> Failure {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Failure::new(
            ApiErrorCode::PayloadTooLarge,
            "the request body is too large",
        )
    } else {
        Failure::new(ApiErrorCode::MalformedJson, rejection.body_text())
    }
}

/// The refusal of a text, naming where it was.
pub fn text_failure(field: &str, problem: TextProblem) -> Failure {
    Failure::new(ApiErrorCode::InvalidText, format!("{field}: {problem}"))
}

/// Every string and key in a JSON document passes the multi-line rule (which fields are one
/// line or names is each field's own check, after this).
pub fn check_json(value: &Value) -> Result<(), Failure> {
    fn walk(v: &Value, path: &mut String) -> Result<(), Failure> {
        match v {
            Value::String(s) => {
                text::check(s, Shape::MultiLine).map_err(|p| text_failure(path_or_body(path), p))
            }
            Value::Array(items) => items.iter().enumerate().try_for_each(|(i, item)| {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                let r = walk(item, path);
                path.truncate(len);
                r
            }),
            Value::Object(map) => map.iter().try_for_each(|(k, item)| {
                text::check(k, Shape::Line).map_err(|p| text_failure("a key", p))?;
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                let r = walk(item, path);
                path.truncate(len);
                r
            }),
            _ => Ok(()),
        }
    }
    walk(value, &mut String::new())
}

fn path_or_body(path: &str) -> &str {
    if path.is_empty() {
        "the body"
    } else {
        path
    }
}

/// Query parameters; every value is one line of acceptable text.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let pairs = axum::extract::Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|e: QueryRejection| Failure::invalid(e.body_text()))?;
        for (k, v) in &pairs.0 {
            text::check(k, Shape::Line).map_err(|p| text_failure("a query parameter", p))?;
            text::check(v, Shape::Line).map_err(|p| text_failure(k, p))?;
        }
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| ApiQuery(q.0))
            .map_err(|e: QueryRejection| Failure::invalid(e.body_text()))
    }
}

/// Path parameters; each one line of acceptable text.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Ok(raw) = RawPathParams::from_request_parts(parts, state).await {
            for (k, v) in &raw {
                text::check(v, Shape::Line).map_err(|p| text_failure(k, p))?;
            }
        }
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| ApiPath(p.0))
            .map_err(|_: PathRejection| Failure::not_found())
    }
}

/// A raw request body, or the API's own error when it is too large or cut short.
pub fn raw_body(
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
    too_large: &str,
) -> ApiResult<axum::body::Bytes> {
    body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Failure::new(ApiErrorCode::PayloadTooLarge, too_large)
        } else {
            Failure::invalid(e.body_text())
        }
    })
}
