-- 3: proof that a warning / claim went by registered post or ЭДО (п. 3 ст. 44 ФЗ «О связи»:
-- the six months run from the receipt of a written notice, ч. 5 ст. 4 АПК: the claim's proof)
ALTER TABLE notices ADD COLUMN post_track TEXT;    -- трек-номер (РПО) or the ЭДО document id
ALTER TABLE notices ADD COLUMN posted_on TEXT;     -- ISO date the letter was posted
