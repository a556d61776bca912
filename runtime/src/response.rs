//! The raw response: status and headers alongside the decoded body.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// A successful response with its status, headers and decoded body.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub data: T,
}

impl<T> ApiResponse<T> {
    /// The `x-request-id` header, to quote to support.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
    }

    /// The decoded body, dropping status and headers.
    pub fn into_data(self) -> T {
        self.data
    }

    /// Transforms the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            data: f(self.data),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn request_id_and_map() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("abc-123"));
        let r = ApiResponse {
            status: StatusCode::OK,
            headers,
            data: 2,
        };
        assert_eq!(r.request_id(), Some("abc-123"));
        let r = r.map(|n| n * 10);
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.into_data(), 20);
        let empty = ApiResponse {
            status: StatusCode::NO_CONTENT,
            headers: HeaderMap::new(),
            data: (),
        };
        assert_eq!(empty.request_id(), None);
    }
}
