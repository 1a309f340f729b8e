export {
  PersonalDataVault,
  MemoryVaultStorage,
  DetailsErasedError,
  pseudonymousMemberId,
  type PersonalDetails,
  type SealedDetails,
  type VaultStorage,
} from './vault';
