-- Grain: none (a table macro). A list of places in the raw data that the clean stage wrote as
-- CSV (quarantine.csv, navnetolkning.csv; read as text): each row numbered (linje), its place
-- (fil, rad, kolonne) typed, the list's own columns as they are.
create or replace macro raw_places(list_) as table
    select
        row_number() over () as linje,
        fil::varchar as fil,
        rad::bigint as rad,
        kolonne::varchar as kolonne,
        * exclude (fil, rad, kolonne),
    from query_table(list_)
