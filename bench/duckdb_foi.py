#!/usr/bin/env python3
"""The FOI tables of docs/definitions.md computed by DuckDB from a liiatools flat CSV, written in
cinx report's CSV layout (unsuppressed), so bench/compare.sh can check both give the same numbers.
Usage: duckdb_foi.py FLAT_CSV OUT_DIR [YEAR]"""
import os, sys, duckdb

path, out = sys.argv[1], sys.argv[2]
year = int(sys.argv[3]) if len(sys.argv) > 3 else 2017
os.makedirs(out, exist_ok=True)
ETH = ["WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH",
       "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"]
GROUPS = {**{c: "White" for c in ETH[0:5]}, **{c: "Mixed" for c in ETH[5:9]}, **{c: "Asian or Asian British" for c in ETH[9:13]},
          **{c: "Black or Black British" for c in ETH[13:16]}, **{c: "Other ethnic groups" for c in ETH[16:18]},
          **{c: "Refused or not obtained" for c in ETH[18:20]}}
NEEDS = [f"N{i}" for i in range(10)]
eth_list = ",".join(f"'{c}'" for c in ETH)
need_list = ",".join(f"'{c}'" for c in NEEDS)
group_case = "CASE " + " ".join(f"WHEN eth = '{c}' THEN '{g}'" for c, g in GROUPS.items()) + " ELSE 'Unknown' END"

con = duckdb.connect()
con.execute("SET threads TO 2")
con.execute(f"""
CREATE TEMP TABLE rows AS SELECT LAchildID AS id, Type, CAST(YEAR AS INT) AS yr,
  TRY_CAST(CINreferralDate AS DATE) AS ref, PrimaryNeedCode AS need, TRY_CAST(CINclosureDate AS DATE) AS closure,
  lower(ReferralNFA) AS nfa, TRY_CAST(AssessmentActualStartDate AS DATE) AS astart,
  TRY_CAST(AssessmentAuthorisationDate AS DATE) AS auth, Factors AS factors,
  TRY_CAST(PersonBirthDate AS DATE) AS birth, TRY_CAST(ExpectedPersonBirthDate AS DATE) AS expected, Ethnicity AS eth
FROM read_csv('{path}', header = true, all_varchar = true)""")
start, end = f"{year - 1}-04-01", f"{year}-03-31"
con.execute(f"""
CREATE TEMP TABLE inyear AS SELECT DISTINCT id, astart, auth, factors FROM rows
WHERE Type IN ('AssessmentActualStartDate', 'AssessmentAuthorisationDate') AND auth IS NOT NULL
  AND coalesce(factors, '') <> '' AND auth BETWEEN DATE '{start}' AND DATE '{end}'""")
con.execute("""
CREATE TEMP TABLE firsts AS
WITH m AS (SELECT id, min(auth) AS auth FROM inyear GROUP BY id)
SELECT m.id, m.auth, min(coalesce(i.astart, i.auth)) AS age_date, string_split(string_agg(i.factors, ','), ',') AS f
FROM m JOIN inyear i ON i.id = m.id AND i.auth = m.auth GROUP BY m.id, m.auth""")
con.execute(f"""
CREATE TEMP TABLE child AS SELECT id,
  arg_max(birth, yr) FILTER (WHERE birth IS NOT NULL) AS birth,
  arg_max(expected, yr) FILTER (WHERE expected IS NOT NULL) AS expected,
  arg_max(eth, yr) FILTER (WHERE eth IN ({eth_list})) AS eth
FROM rows WHERE id IN (SELECT id FROM firsts) GROUP BY id""")
con.execute(f"""
CREATE TEMP TABLE ep AS SELECT id, ref,
  arg_max(need, yr) FILTER (WHERE need IN ({need_list})) AS need,
  arg_max(closure, yr) FILTER (WHERE closure IS NOT NULL) AS closure,
  coalesce(arg_max(nfa IN ('1', 'true'), yr) FILTER (WHERE coalesce(nfa, '') <> ''), false) AS nfa
FROM rows WHERE ref IS NOT NULL AND id IN (SELECT id FROM firsts) GROUP BY id, ref""")
con.execute(f"""
CREATE TEMP TABLE pc AS
WITH needs AS (
  SELECT f.id, arg_min(coalesce(e.need, 'Unknown'), e.ref) AS need
  FROM firsts f JOIN ep e ON e.id = f.id
  WHERE NOT e.nfa AND e.ref <= CAST(f.auth + INTERVAL 2 YEAR AS DATE) AND (e.closure IS NULL OR e.closure >= f.auth)
  GROUP BY f.id)
SELECT f.id,
  (list_contains(f, '4B') OR list_contains(f, '5B')) AS b,
  list_contains(f, '1B') OR list_contains(f, '2B') AS drink, list_contains(f, '3B') AS dv,
  list_contains(f, '16A') AS m16, list_contains(f, '17A') AS m17,
  list_contains(f, '18A') OR list_contains(f, '18B') OR list_contains(f, '18C') AS m18,
  list_contains(f, '19A') OR list_contains(f, '19B') OR list_contains(f, '19C') AS m19,
  CASE WHEN c.birth IS NULL AND c.expected IS NULL THEN 'Unknown'
       WHEN c.birth IS NULL OR c.birth > f.age_date THEN 'Unborn'
       ELSE (WITH y AS (SELECT year(f.age_date) - year(c.birth)
                  - CASE WHEN month(f.age_date) * 100 + day(f.age_date) < month(c.birth) * 100 + day(c.birth) THEN 1 ELSE 0 END AS n)
             SELECT CASE WHEN n < 1 THEN 'Under 1' WHEN n <= 4 THEN '1-4' WHEN n <= 9 THEN '5-9' WHEN n <= 15 THEN '10-15' ELSE '16+' END FROM y)
  END AS age,
  coalesce(c.eth, 'Unknown') AS eth,
  coalesce(n.need, 'None') AS need
FROM firsts f LEFT JOIN child c ON c.id = f.id LEFT JOIN needs n ON n.id = f.id""")
con.execute(f"ALTER TABLE pc ADD COLUMN grp VARCHAR; UPDATE pc SET grp = {group_case}")
cohorts = {"A": "NOT b", "B": "b", "C": "b AND drink", "D": "b AND dv", "E": "b AND dv AND drink"}
labels = {"A": "without 4B or 5B", "B": "4B or 5B", "C": "4B/5B with 1B or 2B", "D": "4B/5B with 3B", "E": "4B/5B with 3B and 1B or 2B"}
population = con.execute("SELECT count(*) FROM pc").fetchone()[0]

def write(name, text):
    with open(os.path.join(out, name + ".csv"), "w", newline="") as fh:
        fh.write(text)

def by(column, values, name):
    lines = ["cohort," + ",".join(values + ["Total"])]
    for k, cond in cohorts.items():
        counts = dict(con.execute(f"SELECT {column}, count(*) FROM pc WHERE {cond} GROUP BY 1").fetchall())
        row = [counts.get(v, 0) for v in values]
        lines.append(",".join([k] + [str(x) for x in row + [sum(row)]]))
    write(name, "\r\n".join(lines) + "\r\n")

lines = ["cohort,label,children,percent"]
for k, cond in cohorts.items():
    n = con.execute(f"SELECT count(*) FROM pc WHERE {cond}").fetchone()[0]
    pct = f"{(n * 1000 + population // 2) // population / 10:.1f}" if population else "0.0"
    lines.append(f"{k},{labels[k]},{n},{n * 100 / population:.1f}" if population else f"{k},{labels[k]},{n},0.0")
write("summary", "\r\n".join(lines) + "\r\n")
by("age", ["Unborn", "Under 1", "1-4", "5-9", "10-15", "16+", "Unknown"], "age")
by("eth", ETH + ["Unknown"], "ethnicity")
by("grp", ["White", "Mixed", "Asian or Asian British", "Black or Black British", "Other ethnic groups", "Refused or not obtained", "Unknown"], "ethnic-group")
by("need", NEEDS + ["Unknown", "None"], "need")
lines = ["cohort,All,16A,17A,18A,19A"]
for k, cond in cohorts.items():
    r = con.execute(f"SELECT count(*), count(*) FILTER (m16), count(*) FILTER (m17), count(*) FILTER (m18), count(*) FILTER (m19) FROM pc WHERE {cond}").fetchone()
    lines.append(",".join([k] + [str(x) for x in r]))
write("maltreatment", "\r\n".join(lines) + "\r\n")
