-- Adds the figures of today's map to figures (one row per status of the 2020 kommuner).
insert into figures
select
    'kommuner_2020_' || replace(v.status, ' ', '_') as figur,
    count(k.kommunenummer_2020)::bigint as verdi,
    (select count(*) from kommune_2020_status)::bigint as nevner,
from (values ('dekket'), ('delvis dekket'), ('ikke dekket')) as v(status)
left join kommune_2020_status as k on k.status_2020 = v.status
group by v.status
order by figur
