-- Rooming chart, schema 5: no change of tables. The migration's step in Rust writes every
-- patient's name search keys again, folded by deunicode (so Nguyễn is found by "nguyen").
SELECT 1;
