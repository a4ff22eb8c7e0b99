-- Stock reserved for an order and given back by it: the adjustment names the order, so no order gives
-- back more than it holds. Adjustments the system makes name no member (adjusted_by stays NULL).
ALTER TABLE listing_stock_adjustments ADD COLUMN order_id uuid;
CREATE INDEX listing_stock_adjustments_order_idx ON listing_stock_adjustments (order_id) WHERE order_id IS NOT NULL;
