import { parseCosing, type CosingIndex } from '../../../../src/systems/skincare/data/cosing.ts';

/** A few real CosIng rows (copied in spirit: names and functions as CosIng lists them). */
export const COSING_CSV = [
  'inci_name,cas_number,einecs_number,function',
  'WATER,7732-18-5,231-791-2 (I),"Antiplaque, Skin Conditioning, Solvent"',
  'AQUA,7732-18-5,231-791-2,Solvent',
  'GLYCERIN,56-81-5,200-289-5,"Denaturant, Humectant, Skin Conditioning"',
  'BUTYROSPERMUM PARKII BUTTER,91080-23-8,293-515-7,"Skin Conditioning, Skin Conditioning - Emollient"',
  'DIMETHICONE,63148-62-9,,"Antifoaming, Skin Conditioning"',
  'DIMETHICONOL,31692-79-2,,"Emollient, Skin Conditioning"',
  'ETHYLHEXYLGLYCERIN,70445-33-9,408-080-2,"Deodorant, Skin Conditioning"',
  'ETHYLHEXYL SALICYLATE,118-60-5,204-263-4,"Uv Absorber, Uv Filter"',
  'ETHYLHEXYL METHOXYCINNAMATE,5466-77-3,226-775-7,"Uv Absorber, Uv Filter"',
  'CI 77891,13463-67-7,236-675-5,Colorant',
  'TITANIUM DIOXIDE,13463-67-7,236-675-5,"Colorant, Uv Filter"',
  'ALCOHOL DENAT.,64-17-5,200-578-6,"Solvent"',
  'PARFUM,,,"Fragrance, Perfuming"',
  'SQUALANE,111-01-3,203-825-6,"Skin Conditioning - Emollient"',
  'PEG-100 STEARATE,9004-99-3,,"Surfactant - Emulsifying"',
  'PEG-10 DIMETHICONE,,,"Surfactant - Emulsifying"',
  'BIS-PEG-18 METHYL ETHER DIMETHYL SILANE,,,"Skin Conditioning"',
  'CAFFEINE,58-08-2,200-362-1,"Skin Conditioning"',
  'SODIUM HYALURONATE,9067-32-7,,"Humectant"',
  'SODIUM HYALURONATE CROSSPOLYMER,,,"Humectant"',
  'PVP,9003-39-8,,"Binding"',
  'YEAST EXTRACT,8013-01-2,,"Skin Conditioning"',
  'FAEX,8013-01-2,,"Skin Conditioning"',
  'SALICYLIC ACID,69-72-7,200-712-3,"Antimicrobial, Keratolytic"',
  'NIACINAMIDE,98-92-0,202-713-4,"Skin Conditioning"',
  'NIACINAMIDE,98-92-0,202-713-4,"Smoothing"',
  '',
].join('\n');

export const tinyCosing = (): CosingIndex => parseCosing(COSING_CSV, 'fixture.csv');
export const SKINCARE_DATA = new URL('../../../../../shared/data/skincare', import.meta.url).pathname;
