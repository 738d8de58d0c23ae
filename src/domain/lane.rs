//! The lane (luồng) a registered declaration is put in by the risk selection: what the customs
//! office checks before it clears the goods. Numbered 1–3 as VNACCS results state them (result
//! item "Mã phân loại kiểm tra": 1 green — no check, 2 yellow — documents, 3 red — documents and
//! goods; TT 38/2015 art. 16 as amended by TT 39/2018).

use serde::{Deserialize, Serialize};

/// A lane. Ordered: green < yellow < red (an amendment never lowers it). Serialised as its number
/// (1, 2, 3) on the wire, in the lane rules and in storage, as before it was an enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Lane {
    /// 1, luồng xanh: cleared on the declaration alone.
    Green = 1,
    /// 2, luồng vàng: documents checked.
    Yellow = 2,
    /// 3, luồng đỏ: documents and goods inspected.
    Red = 3,
}

/// A number that is not a lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("lane must be 1 (green), 2 (yellow) or 3 (red), not {0}")]
pub struct NotALane(pub u8);

impl Lane {
    /// Every lane, in order.
    pub const ALL: [Self; 3] = [Self::Green, Self::Yellow, Self::Red];

    /// Its number: 1, 2 or 3.
    pub const fn number(self) -> u8 {
        self as u8
    }

    /// Its colour's name: "Xanh" / "Green".
    pub const fn colour_name(self, vietnamese: bool) -> &'static str {
        match (self, vietnamese) {
            (Self::Green, true) => "Xanh",
            (Self::Green, false) => "Green",
            (Self::Yellow, true) => "Vàng",
            (Self::Yellow, false) => "Yellow",
            (Self::Red, true) => "Đỏ",
            (Self::Red, false) => "Red",
        }
    }

    /// Its name in a sentence: "luồng xanh" / "green lane".
    pub const fn name(self, vietnamese: bool) -> &'static str {
        match (self, vietnamese) {
            (Self::Green, true) => "luồng xanh",
            (Self::Green, false) => "green lane",
            (Self::Yellow, true) => "luồng vàng",
            (Self::Yellow, false) => "yellow lane",
            (Self::Red, true) => "luồng đỏ",
            (Self::Red, false) => "red lane",
        }
    }

    /// A stored or received number as a lane, reading anything above 3 as red (as the programs
    /// did while the lane was a bare number). For display of old data only; parsing refuses it.
    pub fn from_number_lenient(number: u8) -> Self {
        Self::try_from(number).unwrap_or(if number == 0 { Self::Green } else { Self::Red })
    }
}

impl TryFrom<u8> for Lane {
    type Error = NotALane;

    fn try_from(number: u8) -> Result<Self, Self::Error> {
        match number {
            1 => Ok(Self::Green),
            2 => Ok(Self::Yellow),
            3 => Ok(Self::Red),
            other => Err(NotALane(other)),
        }
    }
}

impl From<Lane> for u8 {
    fn from(lane: Lane) -> Self {
        lane.number()
    }
}

impl std::fmt::Display for Lane {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_order_follows_the_checks() {
        for lane in Lane::ALL {
            assert_eq!(Lane::try_from(lane.number()), Ok(lane));
        }
        assert!(Lane::Green < Lane::Yellow && Lane::Yellow < Lane::Red);
        assert_eq!(Lane::try_from(4), Err(NotALane(4)));
        assert_eq!(Lane::Yellow.name(true), "luồng vàng");
        assert_eq!(Lane::Red.colour_name(false), "Red");
    }

    /// Old stored values and the wire carry the bare number; they still read, and write back
    /// the same.
    #[test]
    fn serialised_as_the_number_it_was() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Old {
            lane: Lane,
        }
        let old = r#"{"lane":2}"#;
        let read: Old = serde_json::from_str(old).unwrap();
        assert_eq!(read.lane, Lane::Yellow);
        assert_eq!(serde_json::to_string(&read).unwrap(), old);
        assert!(serde_json::from_str::<Old>(r#"{"lane":7}"#).is_err());
        let toml: Old = toml::from_str("lane = 3").unwrap();
        assert_eq!(toml.lane, Lane::Red);
    }
}
