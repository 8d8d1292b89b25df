/**
 * The points mall's service API for other modules (the member H5, campaigns). Every function runs
 * in the caller's tenant transaction and takes internal ids (bigint strings); nothing here opens a
 * transaction of its own. Writes that can be refused (placement) run in a savepoint, so a refusal
 * leaves the caller's transaction as it was.
 */
export { type AddressPreview, nationalPhone, unsealAddress } from './address.ts';
export { bulkShip } from './bulk-ship.ts';
export {
  cancelExchange,
  deliverExchange,
  markExchangePaid,
  type ShipLine,
  shipExchange,
} from './exchanges.fulfil.ts';
export {
  holdLifetimeMs,
  type MallEnv,
  type PlaceExchangeRequest,
  type PlaceExchangeResult,
  placeExchange,
  tierAllows,
} from './exchanges.place.ts';
export { memberExchange, memberExchanges, type ShelfItem, shelfFor } from './mall.query.ts';
export type { AddressInput, ExchangeStatus, ItemKind, PaymentStatus } from './mall.schema.ts';
export type { ExchangeView, ItemView } from './mall.view.ts';
export { MallError, type MallReason } from './mall-errors.ts';
