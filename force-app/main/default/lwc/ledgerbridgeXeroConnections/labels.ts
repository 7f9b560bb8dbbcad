// The Custom Labels this component shows (labels/CustomLabels.labels-meta.xml): users read them in their language.
import TITLE from '@salesforce/label/c.Ledgerbridge_Connections_Title';
import REFRESH from '@salesforce/label/c.Ledgerbridge_Connections_Refresh';
import CONNECT_XERO from '@salesforce/label/c.Ledgerbridge_Connections_ConnectXero';
import LOADING from '@salesforce/label/c.Ledgerbridge_Connections_Loading';
import LOAD_ERROR from '@salesforce/label/c.Ledgerbridge_Connections_LoadError';
import NO_ACCESS from '@salesforce/label/c.Ledgerbridge_Connections_NoAccess';
import ORGANISATION from '@salesforce/label/c.Ledgerbridge_Connections_Organisation';
import STATUS from '@salesforce/label/c.Ledgerbridge_Connections_Status';
import LAST_TOKEN_REFRESH from '@salesforce/label/c.Ledgerbridge_Connections_LastTokenRefresh';
import ACTIONS from '@salesforce/label/c.Ledgerbridge_Connections_Actions';
import STATUS_ACTIVE from '@salesforce/label/c.Ledgerbridge_Connections_StatusActive';
import STATUS_NEEDS_REAUTH from '@salesforce/label/c.Ledgerbridge_Connections_StatusNeedsReauth';
import STATUS_DISCONNECTED from '@salesforce/label/c.Ledgerbridge_Connections_StatusDisconnected';
import NOT_YET from '@salesforce/label/c.Ledgerbridge_Connections_NotYet';
import CONFIRM_DISCONNECT from '@salesforce/label/c.Ledgerbridge_Connections_ConfirmDisconnect';
import DISCONNECT from '@salesforce/label/c.Ledgerbridge_Connections_Disconnect';
import CANCEL from '@salesforce/label/c.Ledgerbridge_Connections_Cancel';
import RECONNECT from '@salesforce/label/c.Ledgerbridge_Connections_Reconnect';
import EMPTY_ADMIN from '@salesforce/label/c.Ledgerbridge_Connections_EmptyAdmin';
import EMPTY_READER from '@salesforce/label/c.Ledgerbridge_Connections_EmptyReader';
import OPENED_XERO from '@salesforce/label/c.Ledgerbridge_Connections_OpenedXero';
import POPUP_BLOCKED from '@salesforce/label/c.Ledgerbridge_Connections_PopupBlocked';
import CONNECT_FAILED from '@salesforce/label/c.Ledgerbridge_Connections_ConnectFailed';
import BAD_CONNECT_LINK from '@salesforce/label/c.Ledgerbridge_Connections_BadConnectLink';
import DISCONNECTED from '@salesforce/label/c.Ledgerbridge_Connections_Disconnected';
import DISCONNECTED_TITLE from '@salesforce/label/c.Ledgerbridge_Connections_DisconnectedTitle';
import DISCONNECT_FAILED from '@salesforce/label/c.Ledgerbridge_Connections_DisconnectFailed';
import THE_ORGANISATION from '@salesforce/label/c.Ledgerbridge_Connections_TheOrganisation';
import OPEN_XERO_TO_CONNECT from '@salesforce/label/c.Ledgerbridge_Connections_OpenXeroToConnect';
import NEW_WINDOW from '@salesforce/label/c.Ledgerbridge_Connections_NewWindow';

export const LABELS = {
  title: TITLE,
  refresh: REFRESH,
  connectXero: CONNECT_XERO,
  loading: LOADING,
  loadError: LOAD_ERROR,
  noAccess: NO_ACCESS,
  organisation: ORGANISATION,
  status: STATUS,
  lastTokenRefresh: LAST_TOKEN_REFRESH,
  actions: ACTIONS,
  statusActive: STATUS_ACTIVE,
  statusNeedsReauth: STATUS_NEEDS_REAUTH,
  statusDisconnected: STATUS_DISCONNECTED,
  notYet: NOT_YET,
  confirmDisconnect: CONFIRM_DISCONNECT,
  disconnect: DISCONNECT,
  cancel: CANCEL,
  reconnect: RECONNECT,
  emptyAdmin: EMPTY_ADMIN,
  emptyReader: EMPTY_READER,
  openedXero: OPENED_XERO,
  popupBlocked: POPUP_BLOCKED,
  connectFailed: CONNECT_FAILED,
  badConnectLink: BAD_CONNECT_LINK,
  disconnected: DISCONNECTED,
  disconnectedTitle: DISCONNECTED_TITLE,
  disconnectFailed: DISCONNECT_FAILED,
  theOrganisation: THE_ORGANISATION,
  openXeroToConnect: OPEN_XERO_TO_CONNECT,
  newWindow: NEW_WINDOW,
};
