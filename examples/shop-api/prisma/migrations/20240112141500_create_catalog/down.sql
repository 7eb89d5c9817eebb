DROP TABLE IF EXISTS "products";
DROP TABLE IF EXISTS "categories";
