-- Listings: the listings module's published read interface. Other modules (search) read listings only
-- through these views, never the tables behind them; the views change only by listings migrations, and
-- a change that drops or renames a column is a change of the contract, made together with its readers.
-- They are plain views, which PostgreSQL inlines into the statements that read them: a reader's
-- statement is planned as if it named the tables, with the same joins and indexes.

-- Every listing everyone may see: published, its owner in good standing, not deleted. The same rule as
-- Listing.isPublic() in Java (ListingVisibilityTest holds them together), with what search needs of it:
--   cover_image   the image of its first photo, or NULL
--   published_at  when it was first published (its creation for listings that predate the column)
--   plan_seats    the seats of each ISO weekday (1 = Monday) of the weekly plan in effect: its own, or
--                 while it has none, every day open with the listing's seats; 0 = closed (Availability)
--   plan_hours    for hourly listings, the whole hours each weekday's plan is open (the default plan:
--                 09:00-17:00, 8 hours); 0 where the plan closes that day
--   updated_at    when it last changed
CREATE VIEW listings_searchable AS
SELECT l.id, l.owner_id, l.listing_type, l.category, l.title, l.description, l.fields,
       l.price_amount, l.price_currency, l.address, l.latitude, l.longitude, l.time_zone,
       l.instant_book, l.seats, l.stock, l.min_duration, l.max_duration, l.advance_notice_days,
       coalesce(l.published_at, l.created_at) AS published_at, l.updated_at,
       (SELECT p.image_id FROM listing_photos p WHERE p.listing_id = l.id ORDER BY p.position LIMIT 1)
           AS cover_image,
       CASE WHEN NOT l.has_weekly_plan THEN array_fill(l.seats, ARRAY[7])
            ELSE ARRAY(SELECT coalesce(w.seats, 0) FROM generate_series(1, 7) d
                         LEFT JOIN listing_weekly_plan w ON w.listing_id = l.id AND w.day_of_week = d
                        ORDER BY d) END AS plan_seats,
       CASE WHEN NOT l.has_weekly_plan THEN array_fill(8, ARRAY[7])
            ELSE ARRAY(SELECT coalesce(floor(extract(epoch FROM w.closes - w.opens) / 3600)::int, 0)
                         FROM generate_series(1, 7) d
                         LEFT JOIN listing_weekly_plan w ON w.listing_id = l.id AND w.day_of_week = d
                        ORDER BY d) END AS plan_hours
  FROM listings l
 WHERE l.status = 'published' AND NOT l.owner_hidden AND l.deleted_at IS NULL;

COMMENT ON VIEW listings_searchable IS
    'Published read interface of the listings module: the listings everyone may see (V58).';

-- The date exceptions of every listing (inclusive days in the listing's time zone; 0 seats = closed).
-- Where two cover one day the one made last is in effect: the highest (made_at, id). default_hours:
-- the hours of an hourly listing's day that an exception opens where its weekly plan has no hours
-- (09:00-17:00). The same rules as Availability.compute in Java.
CREATE VIEW listing_date_exceptions AS
SELECT e.id, e.listing_id, e.start_date, e.end_date, e.seats, e.created_at AS made_at, 8 AS default_hours
  FROM listing_availability_exceptions e;

COMMENT ON VIEW listing_date_exceptions IS
    'Published read interface of the listings module: availability exceptions, the latest in effect (V58).';

-- When each listing last changed, deleted and hidden ones included: readers that copy listings catch
-- up with what changed while they copied, including listings that are no longer public.
CREATE VIEW listing_changes AS
SELECT l.id AS listing_id, l.updated_at
  FROM listings l;

COMMENT ON VIEW listing_changes IS
    'Published read interface of the listings module: when each listing last changed (V58).';
