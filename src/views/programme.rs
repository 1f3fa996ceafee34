//! The programme, day by day: each day's sessions in time slots, so that
//! sessions held at the same time in different rooms stand side by side.
//!
//! Two sessions of one day are parallel when their times overlap (a
//! session without an end lasts an instant). A slot gathers sessions that
//! overlap, one after the other in programme order; a parallel slot has a
//! cell per room of the day. Sessions without a time each have a slot of
//! their own, in programme order.

use serde::Serialize;

use super::SessionView;
use crate::labels;

/// A day of the programme.
#[derive(Serialize)]
pub struct Day<'a> {
    date: Option<&'a str>,
    /// "Tuesday 12 June 2012", or "Date not yet published".
    label: String,
    /// The rooms of the day's parallel sessions, in the order their first
    /// session comes.
    rooms: Vec<&'a str>,
    /// Whether any session of the day has a time.
    timed: bool,
    slots: Vec<Slot<'a>>,
    /// The day's sessions in programme order (the slots hold them for
    /// templates: serialising them twice would double the page's data).
    #[serde(skip)]
    sessions: Vec<&'a SessionView<'a>>,
}

/// Sessions at the same time (or one session).
#[derive(Serialize)]
pub struct Slot<'a> {
    time_label: Option<String>,
    /// More than one session at once.
    parallel: bool,
    /// A parallel slot: one cell per room of the day, in the day's order
    /// (empty where a room has nothing); otherwise one cell.
    cells: Vec<Cell<'a>>,
}

/// What one room holds in a slot.
#[derive(Serialize)]
pub struct Cell<'a> {
    room: Option<&'a str>,
    sessions: Vec<&'a SessionView<'a>>,
}

/// Minutes since midnight of an `HH:MM` time.
fn minutes(t: &str) -> Option<u32> {
    let (h, m) = t.split_once(':')?;
    Some(h.parse::<u32>().ok()? * 60 + m.parse::<u32>().ok()?)
}

/// A session's time span in minutes; an instant when it has no end.
fn span(s: &SessionView) -> Option<(u32, u32)> {
    let start = minutes(s.start?)?;
    let end = s.end.and_then(minutes).unwrap_or(start);
    Some((start, end.max(start)))
}

/// The column a session goes in: its room (or track).
fn room_of<'a>(s: &SessionView<'a>) -> &'a str {
    s.room.or(s.track).unwrap_or("")
}

/// Groups sessions (in programme order) into days and slots.
pub fn days<'a>(sessions: &'a [SessionView<'a>]) -> Vec<Day<'a>> {
    let mut days: Vec<Day<'a>> = Vec::new();
    for s in sessions {
        match days.last_mut() {
            Some(day) if day.date == s.date => day.sessions.push(s),
            _ => days.push(Day {
                date: s.date,
                label: labels::day_with_weekday(s.date),
                rooms: Vec::new(),
                timed: false,
                slots: Vec::new(),
                sessions: vec![s],
            }),
        }
    }
    for day in &mut days {
        day.timed = day.sessions.iter().any(|s| s.start.is_some());
        let groups = slots_of(&day.sessions);
        for group in groups.iter().filter(|g| g.len() > 1) {
            for s in group {
                let room = room_of(s);
                if !day.rooms.contains(&room) {
                    day.rooms.push(room);
                }
            }
        }
        day.slots = groups
            .into_iter()
            .map(|group| slot(group, &day.rooms))
            .collect();
    }
    days
}

/// Sessions in runs whose times overlap.
fn slots_of<'a>(sessions: &[&'a SessionView<'a>]) -> Vec<Vec<&'a SessionView<'a>>> {
    let mut out: Vec<Vec<&'a SessionView<'a>>> = Vec::new();
    let mut current: Option<(u32, u32)> = None;
    for &s in sessions {
        match (span(s), current, out.last_mut()) {
            (Some((start, end)), Some((slot_start, slot_end)), Some(group))
                if start < slot_end || start == slot_start =>
            {
                group.push(s);
                current = Some((slot_start, slot_end.max(end)));
            }
            (span, _, _) => {
                out.push(vec![s]);
                current = span;
            }
        }
    }
    out
}

fn slot<'a>(group: Vec<&'a SessionView<'a>>, rooms: &[&'a str]) -> Slot<'a> {
    let spans: Vec<(u32, u32)> = group.iter().filter_map(|s| span(s)).collect();
    let time_label = match (
        spans.iter().map(|s| s.0).min(),
        spans.iter().map(|s| s.1).max(),
    ) {
        (Some(start), Some(end)) if end > start => Some(format!("{}–{}", clock(start), clock(end))),
        (Some(start), _) => Some(clock(start)),
        _ => None,
    };
    if group.len() == 1 {
        return Slot {
            time_label,
            parallel: false,
            cells: vec![Cell {
                room: group[0].room,
                sessions: group,
            }],
        };
    }
    let cells = rooms
        .iter()
        .map(|&room| Cell {
            room: (!room.is_empty()).then_some(room),
            sessions: group
                .iter()
                .copied()
                .filter(|s| room_of(s) == room)
                .collect(),
        })
        .collect();
    Slot {
        time_label,
        parallel: true,
        cells,
    }
}

fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_and_clock() {
        assert_eq!(minutes("09:30"), Some(570));
        assert_eq!(clock(570), "09:30");
        assert_eq!(minutes("x"), None);
    }
}
