/**
 * Reading and writing the plain files planners exchange (CSV, GeoJSON of items), shared by the
 * CLI and the renderer's wizard. Pure: text or bytes in, values and reasons out.
 */
export { detectDelimiter, formatCsvField, formatCsvRow, parseCsv, stripBom, type CsvParse, type CsvRecord } from './csv';
export { decodeText, type DecodedText } from './text';
export {
  DEFAULT_GRID_ID_PROPERTIES,
  LAT_COLUMNS,
  LON_COLUMNS,
  readCsvItems,
  readFeatureCollection,
  readGeoJsonItems,
  readGridFeatures,
  readIdValue,
  readItemGeometry,
  readPolygonal,
  type FeatureProblem,
  type GeometryRead,
  type GridFeature,
  type ItemGeometry,
  type ItemRecord,
  type ReadOptions,
} from './read-geo-items';
