/** Why an organisation is in an indicator's numerator, only in its denominator, or left out. */
export const REASONS = {
  'founded-new': 'founded after the baseline with its head office in the territory',
  'converted-from-group': 'founded after the baseline by converting a cooperative group (Law 2023 Art. 108)',
  'founded-on-or-before-baseline': 'founded on or before the baseline date',
  'kind-not-counted': 'this kind of organisation is not counted by the indicator',
  'reorganisation-successor': 'a successor of a reorganisation (tổ chức lại), not a new founding',
  'outside-territory': 'head office outside the territory on the date that matters',
  admitted: 'members admitted after the baseline (on application or at founding)',
  'carried-over': 'members carried over by a conversion or a reorganisation are not new',
  'admitted-on-or-before-baseline': 'members admitted on or before the baseline date',
  'rated-good': 'rated good (tốt) for the rating year',
  'rated-fair': 'rated fair (khá) for the rating year',
  'rated-average': 'rated average (trung bình) for the rating year',
  'rated-weak': 'rated weak (yếu) for the rating year',
  'missing-rating': 'eligible but no rating recorded for the rating year under an accepted scheme',
  'founded-too-late': 'founded after 31/12 of the year before the rating year (operating < 12 months)',
  'not-active-at-year-end': 'legal status on 31/12 of the rating year is not active',
  'suspended-too-long': 'suspended longer than the allowed days in the rating year (not rated)',
  'linkage-in-force': 'a value-chain linkage in force on at least one day of the rating year',
  'no-linkage-in-year': 'no value-chain linkage in force in the rating year',
  'not-rated-good-or-fair': 'not in the numerator of good-fair-share',
  'recognition-in-force': 'a high-technology recognition in force on asOf',
  'no-recognition-in-force': 'no high-technology recognition in force on asOf',
  'not-active': 'legal status on asOf is not active',
  'latest-assessment-meets': 'the latest digital assessment on or before asOf meets its checklist',
  'latest-assessment-does-not-meet': 'the latest digital assessment on or before asOf does not meet its checklist',
  'no-assessment': 'no digital assessment on or before asOf',
} as const;

/** A reason code; `REASONS[code]` is its plain-English text. */
export type Reason = keyof typeof REASONS;
