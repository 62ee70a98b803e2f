-- Grain: one row per included service in operation (i_gang = Ja), with its lists of
-- diagnoses and types of offering: what fakta_diagnoser and fakta_tilbudstyper unnest.
-- key: tjeneste_id
create or replace view tjenester_i_drift as
select
    k.tjeneste_id,
    k.diagnoser,
    k.tilbudstyper,
from tjeneste_kandidater as k
inner join tjeneste_beslutning as b on b.tjeneste_id = k.tjeneste_id
where b.inkludert and k.i_gang = 'Ja'
