-- Reverses 20261127100000_sign_in_throttles.
DROP TABLE IF EXISTS "sign_in_throttles";
