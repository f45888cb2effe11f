import type { LinkedAddressView } from '../link-address/link-address.command';

export class ListAddressesQuery {
  constructor(readonly userId: string) {}
}

export interface AddressList {
  items: LinkedAddressView[];
}
